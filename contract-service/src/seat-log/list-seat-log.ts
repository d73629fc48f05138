import { pageOf, parseListQuery, today as todayOf } from '@seatlease/shared';
import { loadContractState } from '../contracts/contract-state';
import type { Caller, Deps } from '../deps';
import { seatLog } from './seat-log.repository';
import { seatLogView } from './seat-log-view';
import { SeatLogListQuery as seatLogListQuery } from '@seatlease/shared/src/api';
export { seatLogListQuery };

/** A contract's seat shift log, a page at a time (latest event first). */
export async function listSeatLog(deps: Deps, caller: Caller, contractId: string, query: unknown) {
  const q = parseListQuery(seatLogListQuery, query);
  const state = await loadContractState(deps.knex, contractId, todayOf(caller.clock), caller.scopeTenantId);
  const page = await seatLog.page(deps.knex, { contractId: state.row.id, kind: q.kind, seat: q.seat, from: q.from, to: q.to }, q);
  return pageOf(page, (rows) => rows.map(seatLogView));
}
