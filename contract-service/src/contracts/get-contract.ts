import { today as todayOf } from '@seatlease/shared';
import { loadContractState } from './contract-state';
import { contractView } from './contract-view';
import type { Caller, Deps } from '../deps';

/** GET /v1/contracts/:id (tenant_finance: its own tenant's only; another's is not found). */
export async function getContract(deps: Deps, caller: Caller, id: string) {
  const today = todayOf(caller.clock);
  return contractView(await loadContractState(deps.knex, id, today, caller.scopeTenantId), today);
}
