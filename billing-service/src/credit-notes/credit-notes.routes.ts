import { Router } from 'express';
import { callerOf } from '../routes';
import type { Deps } from '../deps';
import { issueCreditNote } from './issue-credit-note';
import { listCreditNotes } from './list-credit-notes';

export function creditNoteRoutes(deps: Deps): Router {
  const r = Router();
  r.post('/v1/invoices/:id/credit-notes', async (req, res) =>
    void res.status(201).json(await issueCreditNote(deps, callerOf(req), String(req.params.id), req.body)),
  );
  r.get('/v1/credit-notes', async (req, res) => void res.json(await listCreditNotes(deps, callerOf(req), req.query)));
  return r;
}
