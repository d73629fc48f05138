import { emptyList, pageOf, parseListQuery, today as todayOf } from '@seatlease/shared';
import { contracts } from './contract.repository';
import { loadContractStates } from './contract-state';
import { contractView } from './contract-view';
import type { Caller, Deps } from '../deps';
import { CONTRACT_STATUSES, ContractListQuery as contractListQuery } from '@seatlease/shared/src/api';
export { CONTRACT_STATUSES, contractListQuery };

/**
 * A page of contracts, newest first; `status` (as of today), `tenantId` and `endingBefore` (the
 * last day of service is before that date) are applied in SQL before the limit. Each contract
 * shows what GET /v1/contracts/:id shows (the gateway adds `depositHeld` to both, decision 0062).
 */
export async function listContracts(deps: Deps, caller: Caller, query: unknown) {
  const q = parseListQuery(contractListQuery, query);
  const today = todayOf(caller.clock);
  if (caller.scopeTenantId && q.tenantId && q.tenantId !== caller.scopeTenantId) return emptyList();
  const page = await contracts.page(deps.knex, { today, tenantId: caller.scopeTenantId ?? q.tenantId, status: q.status, endingBefore: q.endingBefore }, q);
  const states = await loadContractStates(deps.knex, page.rows, today);
  return pageOf(page, () => states.map((s) => contractView(s, today)));
}
