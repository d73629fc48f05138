/** Credit notes and the corrections credited after a final bill (only repositories touch the database). */
import { keysetPage, type Fen, type IsoDate, type PageRequest, type SortKey } from '@seatlease/shared';
import type { Knex } from 'knex';
import type { Db } from '../invoices/invoice.repository';

export interface CreditNoteRow {
  id: string;
  number: string;
  invoice_id: string;
  tenant_id: string;
  amount_fen: Fen;
  /** The part of the amount that reverses taxable revenue, and its VAT (null: issued before decision 0016). */
  taxable_fen: Fen | null;
  tax_fen: Fen | null;
  reason: string;
  issued_on: IsoDate;
  created_at: Date;
}

const CREDIT_NOTE_ORDER: readonly SortKey[] = [{ column: 'cn.issued_on', type: 'date' }, { column: 'cn.number', type: 'text' }];

interface CreditNoteFilter {
  tenantId: string | null;
  invoiceId?: string | undefined;
  issuedFrom?: string | undefined;
  issuedTo?: string | undefined;
}

export const creditNotes = {
  get: (db: Db, id: string) => db<CreditNoteRow>('credit_notes').where({ id }).first(),
  insert: async (trx: Knex.Transaction, row: Omit<CreditNoteRow, 'created_at'>) => {
    await trx('credit_notes').insert(row);
  },
  /** Newest first; filtered in SQL before the limit. */
  page: (db: Db, f: CreditNoteFilter, page: PageRequest) => {
    const b = db('credit_notes as cn').select('cn.*');
    if (f.tenantId) b.where('cn.tenant_id', f.tenantId);
    if (f.invoiceId) b.where('cn.invoice_id', f.invoiceId);
    if (f.issuedFrom) b.where('cn.issued_on', '>=', f.issuedFrom);
    if (f.issuedTo) b.where('cn.issued_on', '<=', f.issuedTo);
    return keysetPage<CreditNoteRow>(db, b, CREDIT_NOTE_ORDER, page);
  },
};

/** Corrections of records voided after a contract's final bill (decision 0017). */
export const voidCorrections = {
  /** What the contract's corrections have credited so far. */
  creditedFen: async (db: Db, contractId: string): Promise<Fen> =>
    Number((await db('void_corrections').where({ contract_id: contractId }).sum({ s: 'amount_fen' }).first())?.s ?? 0),
  insert: async (trx: Knex.Transaction, r: { contractId: string; creditNoteId: string | null; amountFen: Fen; records: string; onDate: IsoDate }) => {
    await trx('void_corrections').insert({ contract_id: r.contractId, credit_note_id: r.creditNoteId, amount_fen: r.amountFen, records: r.records, on_date: r.onDate });
  },
};
