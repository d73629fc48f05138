import { today as todayOf } from '@seatlease/shared';
import { loadContractState } from '../contracts/contract-state';
import { toBillingFacts } from './build-billing-facts';
import type { Caller, Deps } from '../deps';

/** The seam: one contract's facts (GET /internal/billing-facts/:id; an unknown contract is not found). */
export async function billingFactsFor(deps: Deps, caller: Caller, id: string) {
  return toBillingFacts(await loadContractState(deps.knex, id, todayOf(caller.clock)));
}
