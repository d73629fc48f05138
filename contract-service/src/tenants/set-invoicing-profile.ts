import { idOr404, invalid, notFound, parseWith } from '@seatlease/shared';
import { invoicingProfiles, tenants } from '../contracts/contract.repository';
import { appendAudit } from '../audit/audit.repository';
import type { Caller, Deps } from '../deps';
import { checkUnifiedSocialCreditCode } from './tax-id';
import { invoicingProfileView } from './tenant-view';
import { InvoicingProfileSet as body } from '@seatlease/shared/src/api';

/** 增值税专用发票 carries the buyer's address, phone, bank and account; a 普通发票 only title and tax ID. */
const SPECIAL_NEEDS = ['address', 'phone', 'bankName', 'bankAccount'] as const;

/** PUT /v1/tenants/:id/invoicing-profile — what the tenant's fapiao are made out to (开票信息). */
export async function setInvoicingProfile(deps: Deps, caller: Caller, tenantId: string, input: unknown) {
  const id = idOr404(tenantId, 'tenant');
  const tenant = await tenants.get(deps.knex, id);
  if (!tenant || (caller.scopeTenantId !== null && caller.scopeTenantId !== id)) throw notFound(`tenant ${tenantId}`);
  const b = parseWith(body, input);
  const taxId = checkUnifiedSocialCreditCode(b.taxId);
  if (!taxId.ok) throw invalid([{ path: 'taxId', message: taxId.reason }]);
  if (b.fapiaoType === 'special') {
    const missing = SPECIAL_NEEDS.filter((f) => b[f] == null);
    if (missing.length > 0) throw invalid(missing.map((f) => ({ path: f, message: 'is required for a special VAT fapiao (增值税专用发票)' })));
  }
  const row = {
    tenant_id: id,
    title: b.title,
    tax_id: taxId.taxId,
    address: b.address ?? null,
    phone: b.phone ?? null,
    bank_name: b.bankName ?? null,
    bank_account: b.bankAccount ?? null,
    fapiao_type: b.fapiaoType,
    updated_at: new Date(caller.clock.nowMs()),
  };
  return deps.knex.transaction(async (trx) => {
    await invoicingProfiles.put(trx, row);
    await appendAudit(trx, caller.actor, caller.clock.nowMs(), { action: 'tenant.invoicing_profile_set', entity: 'tenant', entityId: id, data: b });
    return invoicingProfileView((await invoicingProfiles.get(trx, id))!);
  });
}
