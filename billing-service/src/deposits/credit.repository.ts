/** The tenant's credit balance: overpayments and credits carried forward, less credit applied. */
import type { Fen, IsoDate } from '@seatlease/shared';
import { insertRows } from '@seatlease/shared/src/copy-rows';
import type { Db } from '../invoices/invoice.repository';

export async function creditBalance(db: Db, tenantId: string): Promise<Fen> {
  const row = await db('credit_ledger').where({ tenant_id: tenantId }).sum({ s: 'amount_fen' }).first();
  return Number(row?.s ?? 0);
}

/** creditBalance of many tenants in one query; every id gets an entry. */
export async function creditBalances(db: Db, tenantIds: readonly string[]): Promise<Map<string, Fen>> {
  const out = new Map<string, Fen>(tenantIds.map((id) => [id, 0]));
  if (tenantIds.length === 0) return out;
  const rows = await db('credit_ledger').whereIn('tenant_id', tenantIds).groupBy('tenant_id').select('tenant_id').sum({ s: 'amount_fen' });
  for (const r of rows as Array<{ tenant_id: string; s: string }>) out.set(r.tenant_id, Number(r.s));
  return out;
}

export interface CreditEntry {
  tenantId: string;
  contractId?: string | null;
  /** `reversed`: an overpayment taken back with its payment; `unapplied`: credit given back by an application undone (decision 0018). */
  entry: 'overpayment' | 'carried' | 'applied' | 'refunded' | 'reversed' | 'unapplied' | 'void_correction';
  amountFen: Fen;
  invoiceId?: string | null;
  paymentId?: string | null;
  onDate: IsoDate;
}

function creditRow(e: CreditEntry) {
  return {
    tenant_id: e.tenantId,
    contract_id: e.contractId ?? null,
    entry: e.entry,
    amount_fen: e.amountFen,
    invoice_id: e.invoiceId ?? null,
    payment_id: e.paymentId ?? null,
    on_date: e.onDate,
  };
}

export async function recordCredit(db: Db, e: CreditEntry): Promise<void> {
  await db('credit_ledger').insert(creditRow(e));
}

/** recordCredit of many entries in one statement (in the order given). */
export async function recordCredits(db: Db, entries: readonly CreditEntry[]): Promise<void> {
  await insertRows(db, 'credit_ledger', entries.map(creditRow));
}
