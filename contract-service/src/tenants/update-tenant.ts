import { forbidden, idOr404, notFound, parseWith } from '@seatlease/shared';
import { invoicingProfiles, tenants } from '../contracts/contract.repository';
import { appendAudit } from '../audit/audit.repository';
import type { Caller, Deps } from '../deps';
import { tenantView } from './tenant-view';
import { TenantUpdate as updateTenantBody } from '@seatlease/shared/src/api';

/**
 * PATCH /v1/tenants/:id — a tenant's name and billing contacts. Staff may change both; a
 * tenant_finance key only its own tenant's billing emails. Audited with the values before and
 * after. Invoices already issued keep the emails they were sent to (they are immutable); the
 * next mail goes to the new list.
 */
export async function updateTenant(deps: Deps, caller: Caller, id: string, body: unknown) {
  const tenantId = idOr404(id, 'tenant');
  if (caller.scopeTenantId !== null && caller.scopeTenantId !== tenantId) throw notFound(`tenant ${id}`);
  const input = parseWith(updateTenantBody, body);
  if (caller.actor.role === 'tenant_finance' && input.name !== undefined) throw forbidden('a tenant finance key may change its billing emails only, not the name');
  return deps.knex.transaction(async (trx) => {
    const before = await tenants.lock(trx, tenantId);
    if (!before) throw notFound(`tenant ${id}`);
    const patch = {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.billingEmails !== undefined ? { billing_emails: input.billingEmails } : {}),
    };
    await tenants.update(trx, tenantId, patch);
    await appendAudit(trx, caller.actor, caller.clock.nowMs(), {
      action: 'tenant.updated',
      entity: 'tenant',
      entityId: tenantId,
      data: { before: { name: before.name, billingEmails: before.billing_emails }, after: input },
    });
    return tenantView((await tenants.get(trx, tenantId))!, (await invoicingProfiles.get(trx, tenantId)) ?? null);
  });
}
