import { idOr404, notFound, pageOf, parseListQuery, toShanghaiInstant } from '@seatlease/shared';
import { tenants } from '../contracts/contract.repository';
import type { Caller, Deps } from '../deps';
import { incidentNotices, incidents } from './incident.repository';
import { incidentView } from './incident-support';
import { IncidentListQuery as incidentListQuery } from '@seatlease/shared/src/api';
export { incidentListQuery };

async function page(deps: Deps, caller: Caller, query: unknown, tenantId: string | undefined) {
  const q = parseListQuery(incidentListQuery, query);
  const p = await incidents.page(deps.knex, { tenantId, contractId: q.contractId, status: q.status }, q);
  const links = await incidents.contractsOf(deps.knex, p.rows.map((r) => r.id));
  return pageOf(p, (rows) => rows.map((r) => incidentView(r, links.filter((l) => l.incident_id === r.id), caller.scopeTenantId)));
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
    notices: notices.map((n) => ({ kind: n.kind, tenantId: n.tenant_id, status: n.status, attempts: n.attempts, relayedAt: n.relayed_at ? toShanghaiInstant(n.relayed_at) : null })),
  };
}
