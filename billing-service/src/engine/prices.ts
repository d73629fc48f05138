/**
 * The monthly fee per seat in force for a month (SPEC §2, §4.2): seat fee + circuit fee of the
 * last price segment whose effectiveMonth <= month.
 */
import { assert } from '@seatlease/shared/src/assert';
import { assertFen, type Fen } from '@seatlease/shared/src/money';
import type { Month } from '@seatlease/shared/src/dates';
import type { BillingFacts } from '@seatlease/shared/src/billing-facts';

export function monthlyFeeFen(facts: BillingFacts, month: Month): Fen {
  const prices = facts.prices;
  assert(prices.length > 0, `contract ${facts.contractId} has no price segment`);
  // A month before the first segment (which should never carry seats: the first segment starts
  // at startMonth) uses the contract's first price rather than failing.
  let segment = prices[0]!;
  for (let i = 0; i < prices.length; i++) {
    const p = prices[i]!;
    assert(i === 0 || prices[i - 1]!.effectiveMonth <= p.effectiveMonth, 'price segments must be sorted by effectiveMonth');
    if (p.effectiveMonth <= month) segment = p;
  }
  assert(segment.seatFeeFen >= 0 && segment.circuitFeeFen >= 0, 'fees are never negative');
  return assertFen(segment.seatFeeFen + segment.circuitFeeFen, 'monthly fee');
}
