/**
 * The contract's price formulas that both sides of the seam need, each written once. The billing
 * engine prices every bill with them; contract-service shows the same figures in its answers
 * (a seat order's late-opening penalty, the fee in force) by calling the same functions, so the
 * two can never drift. Pure: integers in, integers out.
 */
import { assert } from './assert';
import type { PriceSegment } from './billing-facts';
import type { Month } from './dates';
import { assertFen, roundHalfUp, type Fen } from './money';

/**
 * The price segment in force for `month` (SPEC §2, §4.2: the contract's own rates until an
 * amendment's effective month): the last segment whose effectiveMonth <= month. A month before
 * the first segment (which never carries seats) takes the contract's first price.
 */
export function priceSegmentFor(prices: readonly PriceSegment[], month: Month): PriceSegment {
  assert(prices.length > 0, 'a contract always has a price');
  let segment = prices[0]!;
  for (let i = 0; i < prices.length; i++) {
    const p = prices[i]!;
    assert(i === 0 || prices[i - 1]!.effectiveMonth <= p.effectiveMonth, 'price segments must be sorted by effectiveMonth');
    if (p.effectiveMonth <= month) segment = p;
  }
  assert(segment.seatFeeFen >= 0 && segment.circuitFeeFen >= 0, 'fees are never negative');
  return segment;
}

/** "Monthly fee" (SPEC §2): seat fee + circuit fee per seat, in force for `month`. */
export function monthlyFeeFor(prices: readonly PriceSegment[], month: Month): Fen {
  const p = priceSegmentFor(prices, month);
  return assertFen(p.seatFeeFen + p.circuitFeeFen, 'monthly fee');
}

/** §8.A1: Party A owes 5‰ of the monthly fee per seat of the order per day late. */
export const LATE_PENALTY_PER_MILLE_PER_DAY = 5n;

/**
 * §8.A1 late opening penalty, exact and rounded once (half-up): monthly fee × seats × 5‰ × days.
 * `daysLate` already leaves out days under honoured force majeure (§8.X4).
 */
export function latePenaltyFen(monthlyFeeFen: Fen, quantity: number, daysLate: number): Fen {
  assert(Number.isSafeInteger(quantity) && quantity >= 0, `bad seat quantity ${quantity}`);
  assert(Number.isSafeInteger(daysLate) && daysLate >= 0, `bad daysLate ${daysLate}`);
  return roundHalfUp(BigInt(monthlyFeeFen) * BigInt(quantity) * LATE_PENALTY_PER_MILLE_PER_DAY * BigInt(daysLate), 1000n);
}
