/** Fapiao requests (only repositories touch the database). */
import type { Knex } from 'knex';
import { keysetPage, type Fen, type IsoDate, type PageRequest, type SortKey } from '@seatlease/shared';
import type { Db } from '../invoices/invoice.repository';
import type { FapiaoLine } from './fapiao-lines';

export type FapiaoRequestStatus = 'pending' | 'issued' | 'not_required';
export const FAPIAO_REQUEST_STATUSES: readonly FapiaoRequestStatus[] = ['pending', 'issued', 'not_required'];

export interface FapiaoRequestRow {
  id: string;
  kind: 'blue' | 'red';
  invoice_id: string;
  credit_note_id: string | null;
  tenant_id: string;
  status: FapiaoRequestStatus;
  reason: string | null;
  tax_inclusive: boolean;
  vat_rate_bp: number;
  gross_fen: Fen;
  net_fen: Fen;
  tax_fen: Fen;
  lines: FapiaoLine[];
  requested_on: IsoDate;
  fapiao_number: string | null;
  issued_on: IsoDate | null;
  created_at: Date;
}

/** A request with the numbers of the documents it is for. */
export type FapiaoRequestWithRefs = FapiaoRequestRow & { invoice_number: string; contract_id: string; period: string; credit_note_number: string | null; tenant_name: string; billing_emails: string[] };

const withRefs = (db: Db) =>
  db('fapiao_requests as f')
    .join('invoices as i', 'i.id', 'f.invoice_id')
    .leftJoin('credit_notes as cn', 'cn.id', 'f.credit_note_id')
    .select('f.*', { invoice_number: 'i.number', contract_id: 'i.contract_id', period: 'i.period', credit_note_number: 'cn.number', tenant_name: 'i.tenant_name', billing_emails: 'i.billing_emails' });

const FAPIAO_REQUEST_ORDER: readonly SortKey[] = [{ column: 'f.id', type: 'uuid' }];

export const fapiaoRequests = {
  insert: async (trx: Knex.Transaction, row: Omit<FapiaoRequestRow, 'created_at' | 'fapiao_number' | 'issued_on'>): Promise<boolean> => {
    const inserted = await trx('fapiao_requests')
      .insert({ ...row, lines: JSON.stringify(row.lines) })
      .onConflict() // one blue per bill, one red per credit note: a second writer inserts nothing
      .ignore()
      .returning('id');
    return inserted.length > 0;
  },
  get: async (db: Db, id: string) => (await withRefs(db).where('f.id', id).first()) as FapiaoRequestWithRefs | undefined,
  /** The bills among `invoiceIds` that have a blue request already. */
  bluesOf: async (db: Db, invoiceIds: readonly string[]) =>
    invoiceIds.length === 0 ? [] : ((await db('fapiao_requests').whereIn('invoice_id', invoiceIds).where({ kind: 'blue' })) as FapiaoRequestRow[]),
  /** The taxable part of the credit notes against a bill (notes before the VAT correction: all of it). */
  creditedTaxableOf: async (db: Db, invoiceId: string): Promise<Fen> => {
    const r = await db('credit_notes').where({ invoice_id: invoiceId }).sum({ s: db.raw('coalesce(taxable_fen, amount_fen)') }).first();
    return Number(r?.s ?? 0);
  },
  redsOf: async (db: Db, invoiceId: string) => (await db('fapiao_requests').where({ invoice_id: invoiceId, kind: 'red' })) as FapiaoRequestRow[],
  /**
   * A page of requests, newest first (the id is a UUIDv7: the order they were made in), filtered
   * in SQL before the limit; `status` walks the (status, id) index, `tenantId` (tenant_id, id).
   */
  page: (db: Db, f: { status?: FapiaoRequestStatus | undefined; tenantId?: string | undefined; kind?: 'blue' | 'red' | undefined }, page: PageRequest) => {
    const b = withRefs(db);
    if (f.status) b.where('f.status', f.status);
    if (f.tenantId) b.where('f.tenant_id', f.tenantId);
    if (f.kind) b.where('f.kind', f.kind);
    return keysetPage<FapiaoRequestWithRefs>(db, b, FAPIAO_REQUEST_ORDER, page);
  },
  markIssued: async (trx: Knex.Transaction, id: string, number: string, issuedOn: IsoDate) =>
    trx('fapiao_requests').where({ id, status: 'pending' }).update({ status: 'issued', fapiao_number: number, issued_on: issuedOn }),
  byNumber: async (db: Db, number: string) => (await db('fapiao_requests').where({ fapiao_number: number }).first()) as FapiaoRequestRow | undefined,
  /** Requests of these documents, for statements and PDFs. */
  ofInvoices: async (db: Db, invoiceIds: readonly string[]) =>
    invoiceIds.length === 0 ? [] : ((await db('fapiao_requests').whereIn('invoice_id', invoiceIds).orderBy('id')) as FapiaoRequestRow[]),
  /**
   * Bills that should have a blue request and have none: paid ones (amount due ≤ 0 and not fully
   * credited), or every bill when requests follow issue. At most `limit`, oldest first.
   */
  billsLackingBlue: async (db: Db, when: 'paid' | 'issued', limit: number) => {
    const r = await db.raw(
      `select i.id from invoices i
        where not exists (select 1 from fapiao_requests f where f.invoice_id = i.id and f.kind = 'blue')
          and (? = 'issued' or (
                i.total_fen - coalesce((select sum(amount_fen) from payment_allocations pa where pa.invoice_id = i.id), 0)
                            - coalesce((select sum(amount_fen) from credit_notes cn where cn.invoice_id = i.id), 0) <= 0
            and not (i.total_fen > 0 and coalesce((select sum(amount_fen) from credit_notes cn where cn.invoice_id = i.id), 0) >= i.total_fen)))
        order by i.id
        limit ?`,
      [when, limit],
    );
    return (r.rows as Array<{ id: string }>).map((x) => x.id);
  },
};
