/**
 * The deposit ledger (押金, §2.A6, §6.2): money we hold for the tenant and owe back, never
 * revenue. Every movement comes from an issued invoice line or a refund.
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Fen, InvoiceLine } from '@seatlease/shared';
import { insertRows } from '@seatlease/shared/src/copy-rows';
import type { Db, InvoiceRow } from '../invoices/invoice.repository';

const ENTRY_BY_CODE: Partial<Record<InvoiceLine['code'], string>> = {
  deposit: 'held',
  deposit_topup: 'topped_up',
  deposit_release: 'released',
  deposit_settlement: 'settled',
};

/** What a deposit movement needs of its invoice: no number, so it can be written before numbering. */
export type DepositMovementSource = Pick<InvoiceRow, 'id' | 'contract_id' | 'tenant_id' | 'issued_on'>;

/** The deposit ledger rows an invoice's lines make (its deposit, top-up, release, settlement lines). */
function depositMovementRows(invoice: DepositMovementSource, lines: readonly InvoiceLine[]) {
  return lines
    .filter((l) => ENTRY_BY_CODE[l.code])
    .map((l) => ({
      contract_id: invoice.contract_id,
      tenant_id: invoice.tenant_id,
      entry: ENTRY_BY_CODE[l.code]!,
      amount_fen: l.amountFen,
      invoice_id: invoice.id,
      on_date: invoice.issued_on,
    }));
}

/**
 * The deposit ledger rows of invoices' lines, all in one statement (in the order given). The
 * ledger keeps the invoice's id, not its number, so a batch writes them before it takes its
 * numbers (issue-invoice.ts).
 */
export async function recordDepositMovementsOfMany(trx: Knex.Transaction, issued: ReadonlyArray<{ invoice: DepositMovementSource; lines: readonly InvoiceLine[] }>): Promise<void> {
  await insertRows(trx, 'deposit_ledger', issued.flatMap(({ invoice, lines }) => depositMovementRows(invoice, lines)));
}

/** The final refunds that issued invoices settle (rare: final invoices), one by one, with the invoice's number. */
export async function recordSettledRefunds(
  trx: Knex.Transaction,
  issued: ReadonlyArray<{ invoice: Omit<InvoiceRow, 'created_at'>; settlement: { refundFen: Fen } | null }>,
): Promise<void> {
  for (const { invoice, settlement } of issued) {
    if (!settlement || settlement.refundFen <= 0) continue;
    await recordFinalRefund(trx, { contractId: invoice.contract_id, tenantId: invoice.tenant_id, onDate: invoice.issued_on, refundFen: settlement.refundFen, invoiceId: invoice.id, invoiceNumber: invoice.number });
  }
}

export async function depositHeld(db: Db, contractId: string): Promise<Fen> {
  const row = await db('deposit_ledger').where({ contract_id: contractId }).sum({ s: 'amount_fen' }).first();
  return Number(row?.s ?? 0);
}

/** depositHeld of many contracts in one query; every id gets an entry (0 when nothing is held). */
export async function depositsHeldOf(db: Db, contractIds: readonly string[]): Promise<Map<string, Fen>> {
  const out = new Map<string, Fen>(contractIds.map((id) => [id, 0]));
  if (contractIds.length === 0) return out;
  const rows = (await db('deposit_ledger').whereIn('contract_id', contractIds).groupBy('contract_id').select('contract_id').sum({ s: 'amount_fen' })) as Array<{ contract_id: string; s: string }>;
  for (const r of rows) out.set(r.contract_id, Number(r.s));
  return out;
}

export async function depositEntries(db: Db, contractId: string) {
  const rows = await db('deposit_ledger').where({ contract_id: contractId }).orderBy('id');
  return rows.map((r) => ({ entry: r.entry as string, amount: r.amount_fen as number, invoiceId: r.invoice_id as string | null, onDate: r.on_date as string }));
}

/**
 * SPEC §4: what the deposit did not need at the end is refunded — a refund record, `pending`
 * until staff confirm the transfer — and leaves the deposit ledger. Once per contract (unique).
 */
export async function recordFinalRefund(
  trx: Knex.Transaction,
  r: { contractId: string; tenantId: string; onDate: string; refundFen: Fen; invoiceId: string | null; invoiceNumber: string | null },
): Promise<boolean> {
  const refundId = randomUUID();
  const inserted = await trx('refunds')
    .insert({
      id: refundId,
      contract_id: r.contractId,
      tenant_id: r.tenantId,
      amount_fen: r.refundFen,
      status: 'pending',
      reason: r.invoiceNumber
        ? `押金退还 / deposit refund after final bill ${r.invoiceNumber}`
        : '押金退还 / deposit refund at the end of the contract (nothing left to bill)',
      created_on: r.onDate,
    })
    .onConflict('contract_id')
    .ignore()
    .returning('id');
  if (inserted.length === 0) return false;
  await trx('deposit_ledger').insert({
    contract_id: r.contractId,
    tenant_id: r.tenantId,
    entry: 'refunded',
    amount_fen: -r.refundFen,
    invoice_id: r.invoiceId,
    refund_id: refundId,
    on_date: r.onDate,
  });
  return true;
}
