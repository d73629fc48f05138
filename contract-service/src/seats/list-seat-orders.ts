import { today as todayOf } from '@seatlease/shared';
import { loadContractState } from '../contracts/contract-state';
import type { Caller, Deps } from '../deps';
import { seatOrderView } from './seat-order-support';

export async function listSeatOrders(deps: Deps, caller: Caller, contractId: string) {
  const today = todayOf(caller.clock);
  const state = await loadContractState(deps.knex, contractId, today, caller.scopeTenantId);
  return { data: state.orders.map((o) => seatOrderView(o, today)) };
}
