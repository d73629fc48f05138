import { pageOf, parseListQuery } from '@seatlease/shared';
import { invoicingProfiles, tenants } from '../contracts/contract.repository';
import type { Caller, Deps } from '../deps';
import { tenantView } from './tenant-view';
import { TenantListQuery as tenantListQuery } from '@seatlease/shared/src/api';
export { tenantListQuery };

/** Tenants, newest first (tenant_finance: its own only). */
export async function listTenants(deps: Deps, caller: Caller, query: unknown) {
  const q = parseListQuery(tenantListQuery, query);
  const page = await tenants.page(deps.knex, { q: q.q, scopeTenantId: caller.scopeTenantId }, q);
  // One value per field: each row is what GET /v1/tenants/:id answers, its invoicing profile included.
  const profiles = new Map((await invoicingProfiles.getMany(deps.knex, page.rows.map((t) => t.id))).map((p) => [p.tenant_id, p]));
  return pageOf(page, (rows) => rows.map((t) => tenantView(t, profiles.get(t.id) ?? null)));
}
