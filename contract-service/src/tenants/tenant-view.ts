import { toShanghaiInstant } from '@seatlease/shared';
import { type InvoicingProfileRow, type TenantRow } from '../contracts/contract.repository';

export function tenantView(t: TenantRow, profile: InvoicingProfileRow | null = null) {
  return {
    id: t.id,
    name: t.name,
    billingEmails: t.billing_emails,
    createdAt: toShanghaiInstant(t.created_at),
    invoicingProfile: profile ? invoicingProfileView(profile) : null,
  };
}

/** 开票信息 as the API shows it (null fields are absent on a 普通发票 profile). */
export function invoicingProfileView(p: InvoicingProfileRow) {
  return {
    title: p.title,
    taxId: p.tax_id,
    address: p.address,
    phone: p.phone,
    bankName: p.bank_name,
    bankAccount: p.bank_account,
    fapiaoType: p.fapiao_type,
    updatedAt: toShanghaiInstant(p.updated_at),
  };
}

export type InvoicingProfileView = ReturnType<typeof invoicingProfileView>;
