import { today as todayOf } from '@seatlease/shared';
import { loadContractState } from '../contracts/contract-state';
import type { Caller, Deps } from '../deps';
import { outageView } from './event-support';

export async function listOutages(deps: Deps, caller: Caller, contractId: string) {
  const state = await loadContractState(deps.knex, contractId, todayOf(caller.clock), caller.scopeTenantId);
  return { data: state.outages.map(outageView) };
}
