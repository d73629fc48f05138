import { listQuery, parseListQuery, z } from '@seatlease/shared';
import { auditPage } from './audit.repository';
import type { Deps } from '../deps';

export const globalAuditListQuery = listQuery({
  contractId: z.string().uuid({ message: 'must be a contract id (UUID)' }).optional(),
  entity: z.string().max(100).optional(),
  entityId: z.string().max(100).optional(),
  action: z.string().max(100).optional(),
});

/** The whole audit log of contract-service (tenants, price list, contracts, events), filtered. */
export async function listAuditLog(deps: Deps, query: unknown) {
  const q = parseListQuery(globalAuditListQuery, query);
  return auditPage(deps.knex, { contractId: q.contractId, entity: q.entity, entityId: q.entityId, action: q.action }, q);
}
