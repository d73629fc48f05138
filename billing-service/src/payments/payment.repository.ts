/** Payments, their allocations and the tenant-level lock (only repositories touch the database). */
import type { Knex } from 'knex';
import { keysetPage, type Fen, type IsoDate, type PageRequest, type SortKey } from '@seatlease/shared';
import type { Db } from '../invoices/invoice.repository';
import { lockContract, lockTenant } from '../locks/billing-locks.repository';
import type { OpenInvoice } from './allocation';

export const PAYMENT_ORDER: readonly SortKey[] = [
  { column: 'p.received_on', type: 'date' },
  { column: 'p.created_at', type: 'timestamptz' },
  { column: 'p.id', type: 'uuid' },
];

export interface PaymentListFilter {
  tenantId: string | null;
  receivedFrom?: IsoDate | undefined;
  receivedTo?: IsoDate | undefined;
  method?: string | undefined;
  reference?: string | undefined;
}

/** The payment list's filters on `payments as p` (shared by the list and its export). */
export function filteredPayments(db: Db, f: PaymentListFilter): Knex.QueryBuilder {
  const b = db('payments as p').select('p.*');
  if (f.tenantId) b.where('p.tenant_id', f.tenantId);
  if (f.receivedFrom) b.where('p.received_on', '>=', f.receivedFrom);
  if (f.receivedTo) b.where('p.received_on', '<=', f.receivedTo);
  if (f.method) b.where('p.method', f.method);
  if (f.reference) b.where('p.reference', f.reference);
  return b;
}

export type PaymentMethod = 'bank_transfer' | 'card' | 'alipay' | 'wechat_pay';

export interface PaymentRow {
  id: string;
  tenant_id: string;
  amount_fen: Fen;
  currency: string;
  method: PaymentMethod;
  reference: string;
  received_on: IsoDate;
  stripe_payment_intent_id: string | null;
  created_at: Date;
  reversed_at?: Date | null;
  reversed_on?: IsoDate | null;
  reversed_by?: string | null;
  reverse_reason?: string | null;
}

export interface AllocationRow {
  id: number;
  payment_id: string | null;
  invoice_id: string;
  /** `reversal`: a negative allocation that takes back an earlier one (a reversed payment, decision 0018). */
  source: 'payment' | 'deposit' | 'credit' | 'reversal';
  amount_fen: Fen;
  on_date: IsoDate;
}

/**
 * Serializes everything that moves a tenant's money (payments, credit applied, credit notes):
 * the tenant lock first, then the contract locks that invoice issuing takes (lockContract), in
 * contract id order — one order everywhere, so no two writers can deadlock. Released at commit.
 * Holding the contract locks too means no invoice of the tenant is issued (and takes tenant
 * credit) while we allocate money or credit to its invoices.
 */
export async function lockTenantMoney(trx: Knex.Transaction, tenantId: string): Promise<void> {
  await lockTenant(trx, tenantId);
  const contracts = (await trx('invoices').where({ tenant_id: tenantId }).distinct('contract_id').orderBy('contract_id')) as Array<{ contract_id: string }>;
  for (const c of contracts) await lockContract(trx, c.contract_id);
}

/** The tenant's invoices with something still due, with what is due (total − paid − credited). */
export async function openInvoicesOf(db: Db, tenantId: string): Promise<OpenInvoice[]> {
  const rows = await db.raw(
    `select i.id, i.number, i.contract_id, i.due_date,
            (i.total_fen - coalesce(p.s, 0) - coalesce(c.s, 0))::bigint as due_fen
       from invoices i
       left join lateral (select sum(amount_fen) as s from payment_allocations pa where pa.invoice_id = i.id) p on true
       left join lateral (select sum(amount_fen) as s from credit_notes cn where cn.invoice_id = i.id) c on true
      where i.tenant_id = ?
        and i.total_fen - coalesce(p.s, 0) - coalesce(c.s, 0) > 0
      order by i.due_date, i.number`,
    [tenantId],
  );
  return (rows.rows as Array<{ id: string; number: string; contract_id: string; due_date: IsoDate; due_fen: Fen }>).map((r) => ({
    id: r.id,
    number: r.number,
    contractId: r.contract_id,
    dueDate: r.due_date,
    dueFen: r.due_fen,
  }));
}

export const payments = {
  get: (db: Db, id: string) => db<PaymentRow>('payments').where({ id }).first(),
  byReference: (db: Db, tenantId: string, reference: string) => db<PaymentRow>('payments').where({ tenant_id: tenantId, reference }).first(),
  byIntent: (db: Db, intentId: string) => db<PaymentRow>('payments').where({ stripe_payment_intent_id: intentId }).first(),
  insert: async (trx: Knex.Transaction, row: Omit<PaymentRow, 'created_at'>) => {
    await trx('payments').insert(row);
  },
  allocate: async (trx: Knex.Transaction, rows: Array<Omit<AllocationRow, 'id'>>) => {
    if (rows.length) await trx('payment_allocations').insert(rows);
  },
  /** Payments newest first (received on, then recorded at); filtered in SQL before the limit. */
  page: (db: Db, f: PaymentListFilter, page: PageRequest) => keysetPage<PaymentRow>(db, filteredPayments(db, f), PAYMENT_ORDER, page),
  /** Allocations of these payments, with their invoice numbers, in allocation order. */
  allocationsOf: async (db: Db, paymentIds: string[]) => {
    if (paymentIds.length === 0) return [];
    return (await db('payment_allocations as a')
      .join('invoices as i', 'i.id', 'a.invoice_id')
      .whereIn('a.payment_id', paymentIds)
      .orderBy('a.id')
      .select('a.payment_id', 'a.invoice_id', 'i.number', 'a.amount_fen')) as Array<{ payment_id: string; invoice_id: string; number: string; amount_fen: Fen }>;
  },
  /** Records a payment's reversal (decision 0018): who, when, why. */
  markReversed: async (trx: Knex.Transaction, id: string, r: { at: Date; on: IsoDate; by: string; reason: string }) => {
    await trx('payments').where({ id }).update({ reversed_at: r.at, reversed_on: r.on, reversed_by: r.by, reverse_reason: r.reason });
  },
  /** What a payment allocated to each invoice, net of earlier allocations of it taken back. */
  allocatedByInvoice: async (db: Db, paymentId: string): Promise<Map<string, Fen>> => {
    const rows = (await db('payment_allocations').where({ payment_id: paymentId }).groupBy('invoice_id').select('invoice_id').sum({ s: 'amount_fen' })) as Array<{ invoice_id: string; s: string }>;
    return new Map(rows.map((r) => [r.invoice_id, Number(r.s)]));
  },
  /** The tenant's credit applied to its invoices, latest first. */
  creditSpentByTenant: async (db: Db, tenantId: string) =>
    (await db('payment_allocations as a')
      .join('invoices as i', 'i.id', 'a.invoice_id')
      .where({ 'i.tenant_id': tenantId, 'a.source': 'credit' })
      .orderBy('a.id', 'desc')
      .select('a.invoice_id', 'a.amount_fen', 'i.contract_id')) as Array<{ invoice_id: string; amount_fen: Fen; contract_id: string }>,
  /** Per invoice, the credit applications already taken back (reversals without a payment), as a positive amount. */
  creditUndoneOn: async (db: Db, invoiceIds: readonly string[]): Promise<Map<string, Fen>> => {
    const rows = (await db('payment_allocations').where({ source: 'reversal' }).whereNull('payment_id').whereIn('invoice_id', invoiceIds).groupBy('invoice_id').select('invoice_id').sum({ s: 'amount_fen' })) as Array<{ invoice_id: string; s: string }>;
    return new Map(rows.map((r) => [r.invoice_id, -Number(r.s)]));
  },
  /** What each payment left over as tenant credit (the overpayment entry of the credit ledger). */
  overpaymentsOf: async (db: Db, paymentIds: string[]) => {
    if (paymentIds.length === 0) return new Map<string, Fen>();
    const rows = (await db('credit_ledger').whereIn('payment_id', paymentIds).where({ entry: 'overpayment' }).groupBy('payment_id').select('payment_id').sum({ s: 'amount_fen' })) as Array<{ payment_id: string; s: string | number }>;
    return new Map(rows.map((r) => [r.payment_id, Number(r.s)]));
  },
};
