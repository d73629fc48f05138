/**
 * Internal: who a tenant is, for billing's own documents (a payment's receipt, the statement's
 * heading). Made for billing: no role is borrowed, the scope check is billing's (it answers
 * for its own caller), and the answer holds only what billing prints or mails to.
 */
import { idOr404, notFound } from '@seatlease/shared';
import { tenants } from '../contracts/contract.repository';
import type { Deps } from '../deps';

export async function tenantForBilling(deps: Deps, id: string): Promise<{ id: string; name: string; billingEmails: string[] }> {
  const t = await tenants.get(deps.knex, idOr404(id, 'tenant'));
  if (!t) throw notFound(`tenant ${id}`);
  return { id: t.id, name: t.name, billingEmails: t.billing_emails };
}
