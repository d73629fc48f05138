import { parseListQuery } from '@seatlease/shared';
import { auditPage } from './audit.repository';
import type { Deps } from '../deps';
import { GlobalAuditListQuery as globalAuditListQuery } from '@seatlease/shared/src/api';
export { globalAuditListQuery };

/** The whole audit log of contract-service (tenants, price list, contracts, events), filtered. */
export async function listAuditLog(deps: Deps, query: unknown) {
  const q = parseListQuery(globalAuditListQuery, query);
  return auditPage(deps.knex, { contractId: q.contractId, entity: q.entity, entityId: q.entityId, action: q.action }, q);
}
