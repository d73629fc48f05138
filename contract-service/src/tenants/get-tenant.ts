import { idOr404, notFound } from '@seatlease/shared';
import { invoicingProfiles, tenants } from '../contracts/contract.repository';
import type { Caller, Deps } from '../deps';
import { tenantView } from './tenant-view';

export async function getTenant(deps: Deps, caller: Caller, id: string) {
  const t = await tenants.get(deps.knex, idOr404(id, 'tenant'));
  if (!t || (caller.scopeTenantId !== null && caller.scopeTenantId !== t.id)) throw notFound(`tenant ${id}`);
  return tenantView(t, (await invoicingProfiles.get(deps.knex, t.id)) ?? null);
}
