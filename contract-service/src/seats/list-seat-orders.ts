import { today as todayOf } from '@seatlease/shared';
import { loadContractState } from '../contracts/contract-state';
import type { Caller, Deps } from '../deps';
import { seatOrderView } from './seat-order-support';

export async function listSeatOrders(deps: Deps, caller: Caller, contractId: string) {
  const today = todayOf(caller.clock);
  const state = await loadContractState(deps.knex, contractId, today, caller.scopeTenantId);
  // Voided orders stay listed, with their voidedAt and reason (SPEC §5: kept, never deleted).
  const all = [...state.orders, ...state.voided.orders].sort((a, b) => a.created_at.getTime() - b.created_at.getTime() || (a.id < b.id ? -1 : 1));
  return { data: all.map((o) => seatOrderView(o, today)) };
}
