import { Router } from 'express';
import { callerOf } from '../routes';
import type { Deps } from '../deps';
import { issueCreditNote } from './issue-credit-note';

export function creditNoteRoutes(deps: Deps): Router {
  const r = Router();
  r.post('/v1/invoices/:id/credit-notes', async (req, res) =>
    void res.status(201).json(await issueCreditNote(deps, callerOf(req), String(req.params.id), req.body)),
  );
  return r;
}
