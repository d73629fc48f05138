import { parseListQuery, today as todayOf } from '@seatlease/shared';
import { auditPage } from './audit.repository';
import { loadContractState } from '../contracts/contract-state';
import type { Caller, Deps } from '../deps';
import { AuditListQuery as auditListQuery } from '@seatlease/shared/src/api';
export { auditListQuery };

/** A contract's audit log, a page at a time (newest first). */
export async function auditLog(deps: Deps, caller: Caller, id: string, query: unknown) {
  const q = parseListQuery(auditListQuery, query);
  const state = await loadContractState(deps.knex, id, todayOf(caller.clock));
  return auditPage(deps.knex, { contractId: state.row.id, action: q.action, entity: q.entity }, q);
}
