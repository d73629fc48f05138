import { type TenantRow } from '../contracts/contract.repository';

export function tenantView(t: TenantRow) {
  return { id: t.id, name: t.name, billingEmails: t.billing_emails, createdAt: t.created_at.toISOString() };
}
