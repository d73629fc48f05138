/**
 * Rent (§6.4, §6.5): every month up to the invoice's period is recomputed from the seat spans
 * and reconciled under `rent:<month>`. A seat live on any day of a month owes the full monthly
 * fee (§6.4 足额补齐); a seat whose last day falls inside the month on or before the 20th owes
 * 70% (§6.5). A month whose rent falls after it was billed (a return) yields a negative
 * `return_adjustment` line on the next invoice.
 */
import { assert } from '@seatlease/shared/src/assert';
import { formatYuan, roundHalfUp, type Fen } from '@seatlease/shared/src/money';
import { minDate, monthOf, monthRange, monthsBetween, type Month } from '@seatlease/shared/src/dates';
import type { EngineContext } from './context';
import { big } from './exact';
import { seatGroupsIn, type SeatGroup } from './seats';
import { RANK, type OwedItem } from './types';

/** STYLE habit 10: a contract never spans more than a century of monthly invoices. */
const MAX_MONTHS = 1200;

export interface MonthRent {
  month: Month;
  feeFen: Fen;
  groups: SeatGroup[];
  seats: number;
  /** The month's exact rent in tenths of a fen: Σ seats × fee × factorTenths. */
  tenths: bigint;
}

export function monthRent(ctx: EngineContext, month: Month): MonthRent {
  const feeFen = ctx.fee(month);
  const groups = seatGroupsIn(ctx.spans, month);
  let tenths = 0n;
  let seats = 0;
  for (const g of groups) {
    tenths += big(g.quantity) * big(feeFen) * BigInt(g.factorTenths);
    seats += g.quantity;
  }
  return { month, feeFen, groups, seats, tenths };
}

/** The month's rent, rounded once: the "charge" that credits of that month are capped by. */
export function monthRentFen(rent: MonthRent): Fen {
  return roundHalfUp(rent.tenths, 10n);
}

/** Months whose rent this invoice settles: the first live month to the period (final: to the end). */
function rentMonths(ctx: EngineContext): Month[] {
  const { facts, input } = ctx;
  let first = facts.startMonth;
  for (const s of ctx.spans) if (monthOf(s.from) < first) first = monthOf(s.from);
  const last =
    input.kind === 'final'
      ? monthOf(minDate(facts.endDate, facts.termination?.effectiveDate ?? facts.endDate))
      : input.period;
  if (last < first) return [];
  assert(monthsBetween(first, last) < MAX_MONTHS, `rent range ${first}..${last} exceeds ${MAX_MONTHS} months`);
  return monthRange(first, last);
}

function groupsFormula(groups: readonly SeatGroup[], feeFen: Fen): string {
  if (groups.length === 0) return `0 坐席 × ${formatYuan(feeFen)}`;
  return groups
    .map((g) => `${g.quantity} 坐席 × ${formatYuan(feeFen)}${g.factorTenths === 7 ? ' × 70%' : ''}`)
    .join(' + ');
}

export function rentItems(ctx: EngineContext): OwedItem[] {
  const items: OwedItem[] = [];
  for (const month of rentMonths(ctx)) {
    const rent = monthRent(ctx, month);
    if (rent.seats === 0) continue; // owes nothing; anything billed is reversed by the reconciler
    const amountFen = monthRentFen(rent);
    const allFull = rent.groups.every((g) => g.factorTenths === 10);
    items.push({
      ref: `rent:${month}`,
      rank: RANK.rent,
      period: month,
      amountFen,
      quantity: rent.seats,
      // Informational only: the fee, or the average per seat when some seats owe 70%.
      unitAmountFen: allFull ? rent.feeFen : roundHalfUp(rent.tenths, 10n * big(rent.seats)),
      formula: groupsFormula(rent.groups, rent.feeFen),
      clause: '§6.4',
      clauseDown: '§6.5',
      codeUp: 'rent',
      codeDown: 'return_adjustment',
    });
  }
  return items;
}
