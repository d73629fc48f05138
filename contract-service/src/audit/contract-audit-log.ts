import { listQuery, parseListQuery, today as todayOf, z } from '@seatlease/shared';
import { auditPage } from './audit.repository';
import { loadContractState } from '../contracts/contract-state';
import type { Caller, Deps } from '../deps';

export const auditListQuery = listQuery({
  action: z.string().max(100).optional(),
  entity: z.string().max(100).optional(),
});

/** A contract's audit log, a page at a time (newest first). */
export async function auditLog(deps: Deps, caller: Caller, id: string, query: unknown) {
  const q = parseListQuery(auditListQuery, query);
  const state = await loadContractState(deps.knex, id, todayOf(caller.clock));
  return auditPage(deps.knex, { contractId: state.row.id, action: q.action, entity: q.entity }, q);
}
