/**
 * Small builders for engine tests: BillingFacts fixtures and a ledger that issues invoices in
 * sequence, feeding each invoice's lines back as `alreadyBilled` (as billing-service does).
 */
import type {
  BillingFacts,
  CallUsage,
  ForceMajeureFact,
  InvoiceKind,
  InvoiceLine,
  OutageCause,
  SeatOrderFact,
  TerminationKind,
} from '@seatlease/shared/src/billing-facts';
import { addMonths, lastDayOfMonth, type IsoDate, type Month } from '@seatlease/shared/src/dates';
import { computeInvoice, type EngineInput, type InvoiceComputation } from '../../src/engine';

export interface ContractOptions {
  startMonth?: Month;
  termMonths?: number;
  seatFeeFen?: number;
  circuitFeeFen?: number;
  restoreWindowHours?: number;
}

export class FactsBuilder {
  readonly facts: BillingFacts;

  constructor(options: ContractOptions = {}) {
    const startMonth = options.startMonth ?? '2027-03';
    const termMonths = options.termMonths ?? 12;
    this.facts = {
      contractId: 'c1',
      tenantId: 't1',
      tenantName: '示例租户',
      billingEmails: ['ap@example.com'],
      status: 'active',
      seatTier: 'province',
      signedOn: `${addMonths(startMonth, -1)}-20`,
      startMonth,
      termMonths,
      endDate: lastDayOfMonth(addMonths(startMonth, termMonths - 1)),
      vatRateBp: 600,
      restoreWindowHours: options.restoreWindowHours ?? 0,
      callRates: { local: 10, domestic: 20, mobile: 15 },
      prices: [{ effectiveMonth: startMonth, seatFeeFen: options.seatFeeFen ?? 200000, circuitFeeFen: options.circuitFeeFen ?? 0 }],
      seatOrders: [],
      seatSpans: [],
      outages: [],
      forceMajeure: [],
      suspensions: [],
      termination: null,
      oneOffCharges: [],
    };
  }

  /** An add order and its span: opened on `liveFrom` unless `forecast`. */
  seats(
    id: string,
    quantity: number,
    liveFrom: IsoDate,
    options: { liveTo?: IsoDate | null; forecast?: boolean; initial?: boolean; order?: Partial<SeatOrderFact> } = {},
  ): this {
    const forecast = options.forecast ?? false;
    if (!this.facts.seatOrders.some((o) => o.id === id)) {
      this.facts.seatOrders.push({
        id,
        kind: 'add',
        quantity,
        effectiveDate: liveFrom,
        status: forecast ? 'pending' : 'opened',
        openedOn: forecast ? null : liveFrom,
        excused: false,
        daysLate: 0,
        initial: options.initial ?? this.facts.seatOrders.length === 0,
        ...options.order,
      });
    }
    this.facts.seatSpans.push({ orderId: id, quantity, liveFrom, liveTo: options.liveTo ?? null, forecast });
    return this;
  }

  price(effectiveMonth: Month, seatFeeFen: number, circuitFeeFen = 0): this {
    this.facts.prices.push({ effectiveMonth, seatFeeFen, circuitFeeFen });
    return this;
  }

  outage(id: string, startedAt: string, endedAt: string, seatsAffected: number, cause: OutageCause = 'provider'): this {
    this.facts.outages.push({ id, startedAt, endedAt, seatsAffected, cause });
    return this;
  }

  forceMajeure(id: string, startedAt: string, endedAt: string, honoured = true, extra: Partial<ForceMajeureFact> = {}): this {
    this.facts.forceMajeure.push({
      id,
      startedAt,
      endedAt,
      noticeGivenOn: endedAt.slice(0, 10),
      honoured,
      claimedBy: 'provider',
      description: '台风 / typhoon',
      ...extra,
    });
    return this;
  }

  suspended(from: IsoDate, to: IsoDate | null): this {
    this.facts.suspensions.push({ from, to });
    return this;
  }

  terminate(kind: TerminationKind, effectiveDate: IsoDate, atNotice: { seats: number; feeFen?: number; termMonths?: number; noticeDate?: IsoDate }): this {
    this.facts.termination = {
      id: 'term1',
      kind,
      noticeDate: atNotice.noticeDate ?? effectiveDate,
      effectiveDate,
      reason: null,
      seatsLiveAtNotice: atNotice.seats,
      monthlyFeeAtNoticeFen: atNotice.feeFen ?? 200000,
      termMonthsAtNotice: atNotice.termMonths ?? this.facts.termMonths,
    };
    return this;
  }

  oneOff(id: string, amountFen: number, createdOn: IsoDate, clause: string | null = null, description = '定制功能开发'): this {
    this.facts.oneOffCharges.push({ id, amountFen, description, clause, createdOn });
    return this;
  }

  build(): BillingFacts {
    return structuredClone(this.facts);
  }
}

export function contract(options: ContractOptions = {}): FactsBuilder {
  return new FactsBuilder(options);
}

export function engineInput(facts: BillingFacts, over: Partial<EngineInput> & Pick<EngineInput, 'period' | 'issuedOn'>): EngineInput {
  return { facts, usage: [], alreadyBilled: [], kind: 'monthly', creditBalanceFen: 0, ...over };
}

/** Issues invoices one after another, the way billing-service persists them. */
export class Ledger {
  billed: InvoiceLine[] = [];
  creditBalanceFen = 0;

  issue(facts: BillingFacts, period: Month, issuedOn: IsoDate, kind: InvoiceKind = 'monthly', usage: CallUsage[] = []): InvoiceComputation {
    const result = computeInvoice({
      facts,
      usage,
      alreadyBilled: this.billed,
      period,
      kind,
      issuedOn,
      creditBalanceFen: this.creditBalanceFen,
    });
    this.billed = [...this.billed, ...result.lines];
    this.creditBalanceFen += result.creditCarriedForwardFen - result.creditAppliedFen;
    return result;
  }
}

/** `[code, amountFen, period]` triples, for compact exact assertions. */
export function summary(lines: readonly InvoiceLine[]): Array<[string, number, string]> {
  return lines.map((l) => [l.code, l.amountFen, l.period]);
}

export function byRef(lines: readonly InvoiceLine[], ref: string): InvoiceLine | undefined {
  return lines.find((l) => l.ref === ref);
}

/**
 * Issues the opening invoice (period = startMonth, on signedOn) and then every monthly invoice up
 * to `lastPeriod`, each on the 10th of the month before its period (the default billing run).
 */
export function billThrough(facts: BillingFacts, lastPeriod: Month, ledger = new Ledger()): Ledger {
  ledger.issue(facts, facts.startMonth, facts.signedOn, 'opening');
  for (let p = addMonths(facts.startMonth, 1); p <= lastPeriod; p = addMonths(p, 1)) {
    ledger.issue(facts, p, `${addMonths(p, -1)}-10`);
  }
  return ledger;
}
