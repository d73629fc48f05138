/** The tenant's credit balance: overpayments and credits carried forward, less credit applied. */
import type { Fen, IsoDate } from '@seatlease/shared';
import type { Db } from '../invoices/invoice.repository';

export async function creditBalance(db: Db, tenantId: string): Promise<Fen> {
  const row = await db('credit_ledger').where({ tenant_id: tenantId }).sum({ s: 'amount_fen' }).first();
  return Number(row?.s ?? 0);
}

export async function recordCredit(
  db: Db,
  e: { tenantId: string; contractId?: string | null; entry: 'overpayment' | 'carried' | 'applied' | 'refunded'; amountFen: Fen; invoiceId?: string | null; paymentId?: string | null; onDate: IsoDate },
): Promise<void> {
  await db('credit_ledger').insert({
    tenant_id: e.tenantId,
    contract_id: e.contractId ?? null,
    entry: e.entry,
    amount_fen: e.amountFen,
    invoice_id: e.invoiceId ?? null,
    payment_id: e.paymentId ?? null,
    on_date: e.onDate,
  });
}
