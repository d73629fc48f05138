/**
 * The monthly fee per seat in force for a month (SPEC §2, §4.2): seat fee + circuit fee of the
 * last price segment whose effectiveMonth <= month — the kernel's one formula (shared/src/clauses).
 */
import { monthlyFeeFor } from '@seatlease/shared/src/clauses';
import type { Fen } from '@seatlease/shared/src/money';
import type { Month } from '@seatlease/shared/src/dates';
import type { BillingFacts } from '@seatlease/shared/src/billing-facts';

export function monthlyFeeFen(facts: BillingFacts, month: Month): Fen {
  return monthlyFeeFor(facts.prices, month);
}
