/**
 * Pure rules of the contract's life that need no database: the term's end, derived status,
 * the seats live on a day, seat spans for billing, force-majeure honouring and days late.
 */
import {
  addDays,
  addMonths,
  assert,
  compareDates,
  dateRange,
  lastDayOfMonth,
  shanghaiDate,
  type ContractStatus,
  type Fen,
  type IsoDate,
  type Month,
  type SeatSpan,
} from '@seatlease/shared';

export interface SeatOrderRow {
  id: string;
  contract_id: string;
  kind: 'add' | 'return';
  quantity: number;
  effective_date: IsoDate;
  initial: boolean;
  opened_on: IsoDate | null;
  excused: boolean;
  excuse_reason: string | null;
  override_reason: string | null;
  days_late: number;
  penalty_fen: Fen;
  created_at: Date;
  voided_at?: Date | null;
  voided_by?: string | null;
  void_reason?: string | null;
}

export interface ForceMajeureRow {
  id: string;
  started_at: Date;
  ended_at: Date;
  notice_given_on: IsoDate;
  claimed_by: 'provider' | 'tenant';
  description: string;
  all_contracts: boolean;
  voided_at?: Date | null;
  voided_by?: string | null;
  void_reason?: string | null;
}

/** A new, unopened seat order (the contract's initial seats are its first add order). */
export function newSeatOrder(o: {
  id: string;
  contractId: string;
  kind: 'add' | 'return';
  quantity: number;
  effectiveDate: IsoDate;
  initial: boolean;
  overrideReason: string | undefined;
}): Omit<SeatOrderRow, 'created_at'> {
  return {
    id: o.id,
    contract_id: o.contractId,
    kind: o.kind,
    quantity: o.quantity,
    effective_date: o.effectiveDate,
    initial: o.initial,
    opened_on: null,
    excused: false,
    excuse_reason: null,
    override_reason: o.overrideReason ?? null,
    days_late: 0,
    penalty_fen: 0,
  };
}

/** Last day of a term of `termMonths` months starting on the 1st of `startMonth`. */
export function termEndDate(startMonth: Month, termMonths: number): IsoDate {
  return lastDayOfMonth(addMonths(startMonth, termMonths - 1));
}

export function deriveStatus(
  stored: 'pending_opening' | 'active' | 'suspended',
  endDate: IsoDate,
  terminationEffective: IsoDate | null,
  today: IsoDate,
): ContractStatus {
  if (terminationEffective !== null && today > terminationEffective) return 'terminated';
  if (today > endDate) return 'expired';
  return stored;
}

// The fee in force and the late-opening penalty are the kernel's formulas, shared with the
// billing engine so an answer and a bill can never disagree (shared/src/clauses.ts).
export { priceSegmentFor as priceFor, monthlyFeeFor as monthlyFee, latePenaltyFen } from '@seatlease/shared';

/**
 * Seat spans from the orders: opened add orders are live from their opening date; pending add
 * orders are forecast from their requested date; return orders end the most recently opened
 * seats first (seats are interchangeable, so the choice never changes an amount). A termination
 * ends every span on its effective date.
 */
export function seatSpans(orders: readonly SeatOrderRow[], endCap: IsoDate | null): SeatSpan[] {
  interface Open { orderId: string; quantity: number; liveFrom: IsoDate; forecast: boolean }
  const adds: Open[] = orders
    .filter((o) => o.kind === 'add')
    .map((o) => ({
      orderId: o.id,
      quantity: o.quantity,
      liveFrom: o.opened_on ?? o.effective_date,
      forecast: o.opened_on === null,
    }))
    .sort((a, b) => compareDates(a.liveFrom, b.liveFrom) || a.orderId.localeCompare(b.orderId));
  const returns = orders
    .filter((o) => o.kind === 'return')
    .sort((a, b) => compareDates(a.effective_date, b.effective_date) || a.id.localeCompare(b.id));
  // Live pieces, each with its remaining quantity; returns cut pieces live on their date.
  const live: Array<Open & { remaining: number }> = [];
  const spans: SeatSpan[] = [];
  let addIndex = 0;
  const admitUntil = (date: IsoDate) => {
    while (addIndex < adds.length && adds[addIndex]!.liveFrom <= date) {
      const a = adds[addIndex++]!;
      live.push({ ...a, remaining: a.quantity });
    }
  };
  for (const r of returns) {
    admitUntil(r.effective_date);
    let toReturn = r.quantity;
    // Most recently opened first; forecast seats are not live and cannot be returned.
    for (let i = live.length - 1; i >= 0 && toReturn > 0; i--) {
      const piece = live[i]!;
      if (piece.forecast || piece.remaining === 0) continue;
      const n = Math.min(piece.remaining, toReturn);
      spans.push({ orderId: piece.orderId, quantity: n, liveFrom: piece.liveFrom, liveTo: r.effective_date, forecast: false });
      piece.remaining -= n;
      toReturn -= n;
    }
    assert(toReturn === 0, `return order ${r.id} returns more seats than were live`);
  }
  admitUntil('9999-12-31');
  for (const piece of live) {
    if (piece.remaining > 0) {
      spans.push({ orderId: piece.orderId, quantity: piece.remaining, liveFrom: piece.liveFrom, liveTo: null, forecast: piece.forecast });
    }
  }
  if (endCap === null) return spans;
  return spans
    .filter((s) => s.liveFrom <= endCap)
    .map((s) => ({ ...s, liveTo: s.liveTo === null || s.liveTo > endCap ? endCap : s.liveTo }));
}

/**
 * Seats in service on `date`: opened and not yet returned; forecast seats are not in service
 * (the API's `liveSeats`). Not the billing engine's count of seats billed on a day, which
 * counts forecast seats (billed in advance, SPEC §4).
 */
export function seatsInServiceOn(spans: readonly SeatSpan[], date: IsoDate): number {
  let n = 0;
  for (const s of spans) if (!s.forecast && s.liveFrom <= date && (s.liveTo === null || date <= s.liveTo)) n += s.quantity;
  return n;
}

/** Seats contracted on `date`: live plus those ordered and not yet opened. */
export function seatsContractedOn(spans: readonly SeatSpan[], date: IsoDate): number {
  let n = 0;
  for (const s of spans) if ((s.forecast || s.liveFrom <= date) && (s.liveTo === null || date <= s.liveTo)) n += s.quantity;
  return n;
}

/** §7.3: honoured only if written notice came within 10 days after the event ended. */
export function isHonoured(fm: { ended_at: Date; notice_given_on: IsoDate }): boolean {
  return fm.notice_given_on <= addDays(shanghaiDate(fm.ended_at), 10);
}

/** Calendar days (Asia/Shanghai) touched by an event. */
function daysTouched(startedAt: Date, endedAt: Date): IsoDate[] {
  // An event ending exactly at midnight does not touch the day that begins then.
  const lastMs = endedAt.getTime() - 1;
  return dateRange(shanghaiDate(startedAt), shanghaiDate(Math.max(lastMs, startedAt.getTime())));
}

/**
 * §8.A1 and §8.X4: calendar days between the requested and the actual opening date, not
 * counting days under honoured force majeure.
 */
export function daysLate(requested: IsoDate, openedOn: IsoDate, forceMajeure: readonly ForceMajeureRow[]): number {
  if (openedOn <= requested) return 0;
  const excluded = new Set<IsoDate>();
  for (const fm of forceMajeure) {
    if (!isHonoured(fm)) continue;
    for (const d of daysTouched(fm.started_at, fm.ended_at)) excluded.add(d);
  }
  let n = 0;
  // The late days are requested+1 … openedOn.
  for (const d of dateRange(addDays(requested, 1), openedOn)) if (!excluded.has(d)) n++;
  return n;
}
