/**
 * Everything known about one contract, loaded in one place and derived once: the base for the
 * API's views, the rules' validations and the BillingFacts.
 */
import {
  idOr404,
  notFound,
  type IsoDate,
  type PriceSegment,
  type SeatSpan,
  type ContractStatus,
} from '@seatlease/shared';
import {
  contracts,
  type ContractRow,
  type Db,
  type OneOffRow,
  type OutageRow,
  type SuspensionRow,
  type TenantRow,
  type TerminationRow,
} from './contract.repository';
import { deriveStatus, monthlyFee, seatSpans, seatsContractedOn, seatsInServiceOn, termEndDate, type ForceMajeureRow, type SeatOrderRow } from './contract-model';
import { contractRecords } from './contract-state.repository';

export interface ContractState {
  row: ContractRow;
  tenant: TenantRow;
  prices: PriceSegment[];
  orders: SeatOrderRow[];
  spans: SeatSpan[];
  outages: OutageRow[];
  forceMajeure: ForceMajeureRow[];
  termination: TerminationRow | null;
  oneOffs: OneOffRow[];
  suspensions: SuspensionRow[];
  /** Records voided by mistake (SPEC §5): kept, out of every rule and of the facts above. */
  voided: {
    orders: SeatOrderRow[];
    outages: OutageRow[];
    forceMajeure: ForceMajeureRow[];
    oneOffs: OneOffRow[];
  };
  endDate: IsoDate;
  /** The last day of service: the termination's effective date, else the end of term. */
  lastDay: IsoDate;
  status: ContractStatus;
}

function groupBy<T>(rows: readonly T[], key: (r: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}

/** [records in force, records voided by mistake] */
function partitionVoided<T extends { voided_at?: Date | null }>(rows: readonly T[]): [T[], T[]] {
  const live: T[] = [];
  const voided: T[] = [];
  for (const r of rows) (r.voided_at ? voided : live).push(r);
  return [live, voided];
}

/** Loads many contracts: their records in one query per table (contract-state.repository.ts), derived here. */
export async function loadContractStates(db: Db, rows: readonly ContractRow[], today: IsoDate): Promise<ContractState[]> {
  if (rows.length === 0) return [];
  const records = await contractRecords(db, rows.map((r) => r.id), [...new Set(rows.map((r) => r.tenant_id))]);
  const tenantById = new Map(records.tenants.map((t) => [t.id, t]));
  const fmAll = records.forceMajeure;
  const prices = groupBy(records.prices, (r) => r.contract_id);
  const orders = groupBy(records.orders, (r) => r.contract_id);
  const outs = groupBy(records.outages, (r) => r.contract_id);
  const links = groupBy(records.forceMajeureLinks, (r) => r.contract_id);
  const terms = new Map(records.terminations.map((t) => [t.contract_id, t]));
  const ones = groupBy(records.oneOffs, (r) => r.contract_id);
  const susp = groupBy(records.suspensions, (r) => r.contract_id);
  return rows.map((row) => {
    const linked = new Set((links.get(row.id) ?? []).map((l) => l.force_majeure_id));
    const termination = terms.get(row.id) ?? null;
    const endDate = termEndDate(row.start_month, row.term_months);
    const lastDay = termination && termination.effective_date < endDate ? termination.effective_date : endDate;
    const [contractOrders, voidedOrders] = partitionVoided(orders.get(row.id) ?? []);
    const [liveOutages, voidedOutages] = partitionVoided(outs.get(row.id) ?? []);
    const [liveFm, voidedFm] = partitionVoided(fmAll.filter((f) => f.all_contracts || linked.has(f.id)));
    const [liveOneOffs, voidedOneOffs] = partitionVoided(ones.get(row.id) ?? []);
    return {
      row,
      tenant: tenantById.get(row.tenant_id)!,
      prices: (prices.get(row.id) ?? []).map((r) => ({
        effectiveMonth: r.effective_month,
        seatFeeFen: r.seat_fee_fen,
        circuitFeeFen: r.circuit_fee_fen,
      })),
      orders: contractOrders,
      spans: seatSpans(contractOrders, lastDay),
      outages: liveOutages,
      forceMajeure: liveFm,
      termination,
      oneOffs: liveOneOffs,
      suspensions: susp.get(row.id) ?? [],
      voided: { orders: voidedOrders, outages: voidedOutages, forceMajeure: voidedFm, oneOffs: voidedOneOffs },
      endDate,
      lastDay,
      status: deriveStatus(row.status, endDate, termination?.effective_date ?? null, today),
    };
  });
}

/**
 * Loads a contract. `scopeTenantId` confines a tenant_finance caller: another tenant's contract
 * is "not found" (its existence is not disclosed).
 */
export async function loadContractState(db: Db, id: string, today: IsoDate, scopeTenantId: string | null = null): Promise<ContractState> {
  const row = await contracts.get(db, idOr404(id, 'contract'));
  if (!row || (scopeTenantId !== null && row.tenant_id !== scopeTenantId)) throw notFound(`contract ${id}`);
  const [state] = await loadContractStates(db, [row], today);
  return state!;
}

/** Seats in service on `date`: opened and not yet returned (the API's `liveSeats`). */
export function seatsInService(state: ContractState, date: IsoDate): number {
  return seatsInServiceOn(state.spans, date);
}

export function contractedSeats(state: ContractState, date: IsoDate): number {
  return seatsContractedOn(state.spans, date);
}

export function feeOn(state: ContractState, date: IsoDate) {
  return monthlyFee(state.prices, date.slice(0, 7));
}
