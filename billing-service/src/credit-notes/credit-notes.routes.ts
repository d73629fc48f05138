import { Router } from 'express';
import { onceRoute } from '@seatlease/shared';
import { callerOf } from '../routes';
import type { Deps } from '../deps';
import { issueCreditNote } from './issue-credit-note';
import { listCreditNotes } from './list-credit-notes';
import { getCreditNote } from './get-credit-note';

export function creditNoteRoutes(deps: Deps): Router {
  const r = Router();
  r.post('/v1/invoices/:id/credit-notes', onceRoute(201, (req, once) => issueCreditNote(deps, callerOf(req, once), String(req.params.id), req.body)));
  r.get('/v1/credit-notes', async (req, res) => void res.json(await listCreditNotes(deps, callerOf(req), req.query)));
  r.get('/v1/credit-notes/:id', async (req, res) => void res.json(await getCreditNote(deps, callerOf(req), String(req.params.id))));
  return r;
}
