/**
 * The deposit ledger (押金, §2.A6, §6.2): money we hold for the tenant and owe back, never
 * revenue. Every movement comes from an issued invoice line or a refund.
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Fen, InvoiceLine } from '@seatlease/shared';
import type { Db, InvoiceRow } from '../invoices/invoice.repository';

const ENTRY_BY_CODE: Partial<Record<InvoiceLine['code'], string>> = {
  deposit: 'held',
  deposit_topup: 'topped_up',
  deposit_release: 'released',
  deposit_settlement: 'settled',
};

export async function recordDepositMovements(
  trx: Knex.Transaction,
  invoice: Omit<InvoiceRow, 'created_at'>,
  lines: readonly InvoiceLine[],
  settlement: { refundFen: Fen } | null,
): Promise<void> {
  const rows = lines
    .filter((l) => ENTRY_BY_CODE[l.code])
    .map((l) => ({
      contract_id: invoice.contract_id,
      tenant_id: invoice.tenant_id,
      entry: ENTRY_BY_CODE[l.code]!,
      amount_fen: l.amountFen,
      invoice_id: invoice.id,
      on_date: invoice.issued_on,
    }));
  if (rows.length) await trx('deposit_ledger').insert(rows);
  if (settlement && settlement.refundFen > 0) {
    // §4 of SPEC: what the deposit did not need is refunded; pending until staff confirm the transfer.
    const refundId = randomUUID();
    await trx('refunds').insert({
      id: refundId,
      contract_id: invoice.contract_id,
      tenant_id: invoice.tenant_id,
      amount_fen: settlement.refundFen,
      status: 'pending',
      reason: `押金退还 / deposit refund after final invoice ${invoice.number}`,
      created_on: invoice.issued_on,
    });
    await trx('deposit_ledger').insert({
      contract_id: invoice.contract_id,
      tenant_id: invoice.tenant_id,
      entry: 'refunded',
      amount_fen: -settlement.refundFen,
      invoice_id: invoice.id,
      refund_id: refundId,
      on_date: invoice.issued_on,
    });
  }
}

export async function depositHeld(db: Db, contractId: string): Promise<Fen> {
  const row = await db('deposit_ledger').where({ contract_id: contractId }).sum({ s: 'amount_fen' }).first();
  return Number(row?.s ?? 0);
}

export async function depositEntries(db: Db, contractId: string) {
  const rows = await db('deposit_ledger').where({ contract_id: contractId }).orderBy('id');
  return rows.map((r) => ({ entry: r.entry as string, amount: r.amount_fen as number, invoiceId: r.invoice_id as string | null, onDate: r.on_date as string }));
}
