import { emptyList, pageOf, parseListQuery } from '@seatlease/shared';
import type { Caller, Deps } from '../deps';
import { creditNoteView } from './issue-credit-note';
import { creditNotes } from './credit-note.repository';
import { CreditNoteListQuery as creditNoteListQuery } from '@seatlease/shared/src/api';

/** GET /v1/credit-notes: newest first (tenant_finance: its own). */
export async function listCreditNotes(deps: Deps, caller: Caller, query: unknown) {
  const q = parseListQuery(creditNoteListQuery, query);
  if (caller.scopeTenantId !== null && q.tenantId && q.tenantId !== caller.scopeTenantId) return emptyList();
  const page = await creditNotes.page(deps.knex, { tenantId: caller.scopeTenantId ?? q.tenantId ?? null, invoiceId: q.invoiceId, issuedFrom: q.issuedFrom, issuedTo: q.issuedTo }, q);
  return pageOf(page, (rows) => rows.map(creditNoteView));
}
