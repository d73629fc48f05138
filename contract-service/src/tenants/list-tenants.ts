import { listQuery, pageOf, parseListQuery, text } from '@seatlease/shared';
import { tenants } from '../contracts/contract.repository';
import type { Caller, Deps } from '../deps';
import { tenantView } from './tenant-view';

export const tenantListQuery = listQuery({
  /** Part of the tenant's name, any case (contract numbers too once contracts carry one). */
  q: text(200).optional(),
});

/** Tenants, newest first (tenant_finance: its own only). */
export async function listTenants(deps: Deps, caller: Caller, query: unknown) {
  const q = parseListQuery(tenantListQuery, query);
  const page = await tenants.page(deps.knex, { q: q.q, scopeTenantId: caller.scopeTenantId }, q);
  return pageOf(page, (rows) => rows.map(tenantView));
}
