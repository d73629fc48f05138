import { randomUUID } from 'node:crypto';
import { parseWith, exactlyOnce } from '@seatlease/shared';
import { tenants } from '../contracts/contract.repository';
import { appendAudit } from '../audit/audit.repository';
import type { Caller, Deps } from '../deps';
import { tenantView } from './tenant-view';
import { TenantCreate as createTenantBody } from '@seatlease/shared/src/api';

export async function createTenant(deps: Deps, caller: Caller, body: unknown) {
  const input = parseWith(createTenantBody, body);
  const id = randomUUID();
  // The answer is read inside the transaction: once it commits, nothing can fail the request.
  return exactlyOnce(deps.knex, caller.once, async (trx) => {
    await tenants.insert(trx, { id, name: input.name, billing_emails: input.billingEmails, created_at: new Date(caller.clock.nowMs()) });
    await appendAudit(trx, caller.actor, caller.clock.nowMs(), { action: 'tenant.created', entity: 'tenant', entityId: id, data: input });
    return tenantView((await tenants.get(trx, id))!);
  });
}
