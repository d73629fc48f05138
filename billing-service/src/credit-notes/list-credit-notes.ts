import { emptyList, isoDate, listQuery, pageOf, parseListQuery, z } from '@seatlease/shared';
import type { Caller, Deps } from '../deps';
import { creditNoteView } from './issue-credit-note';
import { creditNotes } from './credit-note.repository';

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
