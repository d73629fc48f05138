import { emptyList, isoDate, keysetPage, listQuery, pageOf, parseListQuery, z, type PageRequest, type SortKey } from '@seatlease/shared';
import type { Db } from '../invoices/invoice.repository';
import type { Caller, Deps } from '../deps';
import { creditNoteView, type CreditNoteRow } from './issue-credit-note';

const CREDIT_NOTE_ORDER: readonly SortKey[] = [{ column: 'cn.issued_on', type: 'date' }, { column: 'cn.number', type: 'text' }];

interface CreditNoteFilter {
  tenantId: string | null;
  invoiceId?: string | undefined;
  issuedFrom?: string | undefined;
  issuedTo?: string | undefined;
}

/** The repository of credit notes' list (only repositories touch the database). */
export const creditNotes = {
  page: (db: Db, f: CreditNoteFilter, page: PageRequest) => {
    const b = db('credit_notes as cn').select('cn.*');
    if (f.tenantId) b.where('cn.tenant_id', f.tenantId);
    if (f.invoiceId) b.where('cn.invoice_id', f.invoiceId);
    if (f.issuedFrom) b.where('cn.issued_on', '>=', f.issuedFrom);
    if (f.issuedTo) b.where('cn.issued_on', '<=', f.issuedTo);
    return keysetPage<CreditNoteRow>(db, b, CREDIT_NOTE_ORDER, page);
  },
};

export const creditNoteListQuery = listQuery({
  tenantId: z.string().uuid({ message: 'must be a tenant id (UUID)' }).optional(),
  invoiceId: z.string().uuid({ message: 'must be an invoice id (UUID)' }).optional(),
  issuedFrom: isoDate().optional(),
  issuedTo: isoDate().optional(),
});

/** GET /v1/credit-notes: newest first (tenant_finance: its own). */
export async function listCreditNotes(deps: Deps, caller: Caller, query: unknown) {
  const q = parseListQuery(creditNoteListQuery, query);
  if (caller.scopeTenantId !== null && q.tenantId && q.tenantId !== caller.scopeTenantId) return emptyList();
  const page = await creditNotes.page(deps.knex, { tenantId: caller.scopeTenantId ?? q.tenantId ?? null, invoiceId: q.invoiceId, issuedFrom: q.issuedFrom, issuedTo: q.issuedTo }, q);
  return pageOf(page, (rows) => rows.map(creditNoteView));
}
