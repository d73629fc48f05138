/**
 * The one seam between contract-service and billing-service (STYLE.md habit 3).
 *
 * contract-service publishes a BillingFacts record per contract; billing reads nothing else
 * about contracts. All dates are `YYYY-MM-DD` calendar dates in Asia/Shanghai, months are
 * `YYYY-MM`, instants are ISO 8601 strings with offset, money is integer fen.
 */
import type { Fen } from './money';
import type { IsoDate, Month } from './dates';

export type SeatTier = 'province' | 'prefecture' | 'county';
export type ContractStatus = 'pending_opening' | 'active' | 'suspended' | 'terminated' | 'expired';
export type CallType = 'local' | 'domestic' | 'mobile';
export type OutageCause = 'provider' | 'tenant' | 'maintenance';
export type TerminationKind = 'mutual' | 'tenant_breach' | 'provider_breach' | 'for_cause';

/** A price in force from `effectiveMonth` on (inclusive) until the next segment (§4.2). */
export interface PriceSegment {
  effectiveMonth: Month;
  seatFeeFen: Fen;
  circuitFeeFen: Fen;
}

/** Per-minute phone rates in fen (§7 of SPEC). */
export type CallRates = Record<CallType, Fen>;

export interface SeatOrderFact {
  id: string;
  kind: 'add' | 'return';
  quantity: number;
  /** add: requested opening date; return: the seats' last day of service. */
  effectiveDate: IsoDate;
  status: 'pending' | 'opened' | 'completed' | 'cancelled';
  /** add only: the actual opening date recorded by staff. */
  openedOn: IsoDate | null;
  /** add only: staff marked "resources unavailable" (§8.A1): no penalty. */
  excused: boolean;
  /** add only: calendar days late, minus days under honoured force majeure (§8.X4). */
  daysLate: number;
  /** True for the contract's initial seats (the first add order). */
  initial: boolean;
}

/**
 * A run of identical seats that are live from `liveFrom` to `liveTo` inclusive.
 * `liveTo` null = still live at the end of the known facts (the contract's end date caps it).
 * `forecast` = the seats are not opened yet; they are assumed live from their requested
 * opening date so that rent can be billed in advance (SPEC §4), and reconciled later.
 */
export interface SeatSpan {
  orderId: string;
  quantity: number;
  liveFrom: IsoDate;
  liveTo: IsoDate | null;
  forecast: boolean;
}

export interface OutageFact {
  id: string;
  startedAt: string;
  endedAt: string;
  seatsAffected: number;
  cause: OutageCause;
}

export interface ForceMajeureFact {
  id: string;
  startedAt: string;
  endedAt: string;
  /** §7.3: written notice within 10 days after the event ended, else recorded but earns nothing. */
  noticeGivenOn: IsoDate;
  honoured: boolean;
  claimedBy: 'provider' | 'tenant';
  description: string;
}

export interface TerminationFact {
  id: string;
  kind: TerminationKind;
  noticeDate: IsoDate;
  /** Last day of service. */
  effectiveDate: IsoDate;
  reason: string | null;
  /** §8.X2 inputs, frozen at the notice date. */
  seatsLiveAtNotice: number;
  monthlyFeeAtNoticeFen: Fen;
  termMonthsAtNotice: number;
}

export interface OneOffChargeFact {
  id: string;
  /** Positive = charge, negative = credit. */
  amountFen: Fen;
  description: string;
  clause: string | null;
  createdOn: IsoDate;
}

/** Days the contract was suspended (§2.A2: no outage credit while suspended). */
export interface SuspensionFact {
  from: IsoDate;
  /** Inclusive; null = still suspended. */
  to: IsoDate | null;
}

/**
 * A record voided because it was entered by mistake (SPEC §5, 2026-12-06). It is no longer in
 * the facts above; it is listed here so that the bill that corrects what it had billed can cite it.
 */
export interface VoidedRecordFact {
  kind: 'outage' | 'force_majeure' | 'one_off' | 'seat_order';
  id: string;
  /** Shanghai date of the void. */
  voidedOn: IsoDate;
  reason: string;
  /** The months whose billing the record touched (outages, force majeure: their months; others: from their month on). */
  fromMonth: Month;
  toMonth: Month | null;
}

export interface BillingFacts {
  contractId: string;
  tenantId: string;
  tenantName: string;
  billingEmails: string[];
  status: ContractStatus;
  seatTier: SeatTier;
  signedOn: IsoDate;
  startMonth: Month;
  /** Whole term including agreed renewals. */
  termMonths: number;
  /** Last day of the term (the last day of its final month). */
  endDate: IsoDate;
  /** VAT rate in basis points (600 = 6%); prices are tax-inclusive (SPEC §2). */
  vatRateBp: number;
  restoreWindowHours: number;
  callRates: CallRates;
  /** Sorted by effectiveMonth; the first segment starts at startMonth. */
  prices: PriceSegment[];
  seatOrders: SeatOrderFact[];
  seatSpans: SeatSpan[];
  outages: OutageFact[];
  forceMajeure: ForceMajeureFact[];
  suspensions: SuspensionFact[];
  termination: TerminationFact | null;
  oneOffCharges: OneOffChargeFact[];
  /** Records voided by mistake (absent = none): cited by the lines that correct them. */
  voided?: VoidedRecordFact[];
}

/** Phone usage for one contract, month and call type, rated per started minute (§7). */
export interface CallUsage {
  month: Month;
  callType: CallType;
  calls: number;
  /** Sum over calls of ceil(durationSeconds / 60). */
  minutes: number;
}

export const LINE_CODES = [
  'deposit',
  'deposit_topup',
  'deposit_release',
  'rent',
  'return_adjustment',
  'outage_credit',
  'force_majeure_credit',
  'late_opening_penalty',
  'phone_usage',
  'one_off',
  'termination_damages',
  'deposit_settlement',
  'credit_carried',
] as const;
export type LineCode = (typeof LINE_CODES)[number];

/** `supplementary`: calls that arrived after the final invoice (decision 0042). */
export type InvoiceKind = 'opening' | 'monthly' | 'final' | 'supplementary';

/** One invoice line, as the engine emits it and as invoices store it. */
export interface InvoiceLine {
  code: LineCode;
  /** Chinese first, English second (SPEC §9): `${descriptionZh} / ${descriptionEn}`. */
  description: string;
  quantity: number;
  /** Informational per-unit amount, rounded; `amount` is authoritative. */
  unitAmountFen: Fen;
  /** Rounded once, half-up (SPEC §1). Charges positive, credits negative. */
  amountFen: Fen;
  /** The month this line is about (`YYYY-MM`). */
  period: Month;
  /** Contract clause, e.g. `§6.5`. */
  clause: string;
  /** The computation with its numbers, e.g. `2 坐席 × ¥2,000.00 × 3 天 / 30`. */
  formula: string;
  /**
   * Reconciliation key (STYLE habit 2): owed and billed amounts are compared per key, so a
   * re-run emits only differences. E.g. `rent:2027-04`, `outage:<id>:2027-05`.
   */
  ref: string;
}
