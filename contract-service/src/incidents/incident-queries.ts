import { idOr404, notFound, parseWith, uuid, z } from '@seatlease/shared';
import { tenants } from '../contracts/contract.repository';
import type { Caller, Deps } from '../deps';
import { keysetPage, pageQuery } from '../support/keyset-page';
import { incidentNotices, incidents, type IncidentRow } from './incident.repository';
import { incidentView } from './incident-support';

const listQuery = z
  .object({
    ...pageQuery,
    status: z.enum(['open', 'resolved'], { message: 'must be open or resolved' }).optional(),
    contractId: uuid().optional(),
  })
  .strict();

async function page(deps: Deps, caller: Caller, query: unknown, tenantId: string | undefined) {
  const q = parseWith(listQuery, query);
  const base = incidents.filtered(deps.knex, { tenantId, contractId: q.contractId, status: q.status });
  const p = await keysetPage<IncidentRow & Record<string, unknown>>(base, q, 'i.started_at', 'i.id', (r) => r.started_at, (r) => r.id);
  const links = await incidents.contractsOf(deps.knex, p.rows.map((r) => r.id));
  return {
    data: p.rows.map((r) => incidentView(r, links.filter((l) => l.incident_id === r.id), caller.scopeTenantId)),
    hasMore: p.hasMore,
    nextCursor: p.nextCursor,
  };
}

/** Every incident, newest first (staff). */
export function listIncidents(deps: Deps, caller: Caller, query: unknown) {
  return page(deps, caller, query, undefined);
}

/** A tenant's status page: the incidents touching its contracts (tenant roles: their own only). */
export async function listTenantIncidents(deps: Deps, caller: Caller, tenantId: string, query: unknown) {
  idOr404(tenantId, 'tenant');
  if (caller.scopeTenantId !== null && caller.scopeTenantId !== tenantId) throw notFound(`tenant ${tenantId}`);
  if (!(await tenants.get(deps.knex, tenantId))) throw notFound(`tenant ${tenantId}`);
  return page(deps, caller, query, tenantId);
}

export async function getIncident(deps: Deps, caller: Caller, id: string) {
  const row = await incidents.get(deps.knex, idOr404(id, 'incident'));
  if (!row) throw notFound(`incident ${id}`);
  const links = await incidents.contractsOf(deps.knex, [row.id]);
  const notices = await incidentNotices.forIncident(deps.knex, row.id);
  return {
    ...incidentView(row, links, caller.scopeTenantId),
    notices: notices.map((n) => ({ kind: n.kind, tenantId: n.tenant_id, status: n.status, attempts: n.attempts, relayedAt: n.relayed_at?.toISOString() ?? null })),
  };
}
