import { today as todayOf } from '@seatlease/shared';
import { loadContractState } from '../contracts/contract-state';
import type { Caller, Deps } from '../deps';
import { outageView } from './event-support';

export async function listOutages(deps: Deps, caller: Caller, contractId: string) {
  const state = await loadContractState(deps.knex, contractId, todayOf(caller.clock), caller.scopeTenantId);
  // Voided records stay listed, with their voidedAt and reason (SPEC §5: kept, never deleted).
  const all = [...state.outages, ...state.voided.outages].sort((a, b) => a.started_at.getTime() - b.started_at.getTime() || (a.id < b.id ? -1 : 1));
  return { data: all.map(outageView) };
}
