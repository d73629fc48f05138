/**
 * Seats live per day and per month, from contract-service's SeatSpans (forecast spans count:
 * they are billed in advance and reconciled later, SPEC §4).
 */
import { assert } from '@seatlease/shared/src/assert';
import {
  dateRange,
  dayOfMonth,
  firstDayOfMonth,
  isIsoDate,
  lastDayOfMonth,
  minDate,
  type IsoDate,
  type Month,
} from '@seatlease/shared/src/dates';
import type { BillingFacts } from '@seatlease/shared/src/billing-facts';

/** A run of identical seats live from `from` to `to`, both inclusive and both known. */
export interface LiveSpan {
  orderId: string;
  quantity: number;
  from: IsoDate;
  to: IsoDate;
}

/** Per-seat charge factor in tenths: §6.5 returned on or before the 20th → 70%, else 100%. */
export type FactorTenths = 7 | 10;

export interface SeatGroup {
  quantity: number;
  factorTenths: FactorTenths;
}

/**
 * Spans with their effective last day: an open span (`liveTo` null) runs to the contract's end
 * date; every span is also cut at the end date and at a termination's effective date (its last
 * day of service), so a termination effective on or before the 20th costs 70% (SPEC §6). Spans
 * that end before they start after that cut (e.g. a forecast opening after the termination) are
 * dropped.
 */
export function liveSpans(facts: BillingFacts): LiveSpan[] {
  const hardEnd = facts.termination ? minDate(facts.endDate, facts.termination.effectiveDate) : facts.endDate;
  const out: LiveSpan[] = [];
  for (const span of facts.seatSpans) {
    assert(Number.isSafeInteger(span.quantity) && span.quantity > 0, `span ${span.orderId}: quantity must be a positive integer`);
    assert(isIsoDate(span.liveFrom), `span ${span.orderId}: bad liveFrom ${span.liveFrom}`);
    assert(span.liveTo === null || isIsoDate(span.liveTo), `span ${span.orderId}: bad liveTo ${span.liveTo}`);
    assert(span.liveTo === null || span.liveTo >= span.liveFrom, `span ${span.orderId}: liveTo before liveFrom`);
    const to = minDate(span.liveTo ?? hardEnd, hardEnd);
    if (to < span.liveFrom) continue;
    out.push({ orderId: span.orderId, quantity: span.quantity, from: span.liveFrom, to });
  }
  return out;
}

function overlapsMonth(span: LiveSpan, month: Month): boolean {
  return span.from <= lastDayOfMonth(month) && span.to >= firstDayOfMonth(month);
}

export function seatsLiveOn(spans: readonly LiveSpan[], date: IsoDate): number {
  let n = 0;
  for (const s of spans) if (s.from <= date && date <= s.to) n += s.quantity;
  return n;
}

/** The most seats live on any one day of `month`. */
export function maxSeatsLiveIn(spans: readonly LiveSpan[], month: Month): number {
  let max = 0;
  for (const date of dateRange(firstDayOfMonth(month), lastDayOfMonth(month))) {
    max = Math.max(max, seatsLiveOn(spans, date));
  }
  return max;
}

/**
 * What each seat live in `month` is charged, as factor groups (§6.4: live on any day → the full
 * month; §6.5: last day inside the month on or before the 20th → 70%).
 */
export function seatGroupsIn(spans: readonly LiveSpan[], month: Month): SeatGroup[] {
  let full = 0;
  let reduced = 0;
  for (const s of spans) {
    if (!overlapsMonth(s, month)) continue;
    const endsInMonth = s.to <= lastDayOfMonth(month);
    if (endsInMonth && dayOfMonth(s.to) <= 20) reduced += s.quantity;
    else full += s.quantity;
  }
  const groups: SeatGroup[] = [];
  // Descending per-seat charge: seat 1 is the dearest (see credits.rule.ts for why it matters).
  if (full > 0) groups.push({ quantity: full, factorTenths: 10 });
  if (reduced > 0) groups.push({ quantity: reduced, factorTenths: 7 });
  return groups;
}
