/** GET /v1/credit-notes/:id — one credit note (tenant_finance: its own; another tenant's answers 404). */
import { idOr404, notFound } from '@seatlease/shared';
import type { Caller, Deps } from '../deps';
import { creditNotes } from './credit-note.repository';
import { creditNoteView } from './issue-credit-note';

export async function getCreditNote(deps: Deps, caller: Caller, idParam: string) {
  const id = idOr404(idParam, 'credit note');
  const row = await creditNotes.get(deps.knex, id);
  if (!row || (caller.scopeTenantId !== null && row.tenant_id !== caller.scopeTenantId)) throw notFound(`credit note ${idParam}`);
  return creditNoteView(row);
}
