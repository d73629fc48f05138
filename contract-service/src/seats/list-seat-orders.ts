import { pageOf, parseListQuery, today as todayOf } from '@seatlease/shared';
import { loadContractState } from '../contracts/contract-state';
import { seatOrders } from '../contracts/contract.repository';
import type { Caller, Deps } from '../deps';
import { seatOrderView } from './seat-order-support';
import { SeatOrderListQuery as seatOrderListQuery } from '@seatlease/shared/src/api';

/** A contract's seat orders, a page at a time (newest first; the initial seats are the oldest). */
export async function listSeatOrders(deps: Deps, caller: Caller, contractId: string, query: unknown) {
  const q = parseListQuery(seatOrderListQuery, query);
  const today = todayOf(caller.clock);
  const state = await loadContractState(deps.knex, contractId, today, caller.scopeTenantId);
  // Voided orders stay listed, with their voidedAt and reason (SPEC §5: kept, never deleted).
  const page = await seatOrders.page(deps.knex, state.row.id, { kind: q.kind }, q);
  return pageOf(page, (rows) => rows.map((o) => seatOrderView(o, today)));
}
