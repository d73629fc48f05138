import { Router } from 'express';
import { callerOf } from '../routes';
import type { Deps } from '../deps';
import { listFapiaoRequests } from './list-fapiao-requests';
import { recordIssuedFapiao } from './record-issued-fapiao';
import { exportFapiaoBatch } from './export-fapiao-batch';

export function fapiaoRoutes(deps: Deps): Router {
  const r = Router();
  r.get('/v1/fapiao-requests', async (req, res) => void res.json(await listFapiaoRequests(deps, callerOf(req), req.query)));
  r.get('/v1/fapiao-requests/export', async (req, res) => {
    const out = await exportFapiaoBatch(deps, callerOf(req), req.query);
    res.type(out.contentType).setHeader('content-disposition', `attachment; filename="${out.filename}"`);
    res.setHeader('x-seatlease-fapiao-count', String(out.count));
    res.setHeader('x-seatlease-skipped-no-profile', String(out.skipped));
    res.send(out.body);
  });
  r.post('/v1/fapiao-requests/:id/issued', async (req, res) => void res.json(await recordIssuedFapiao(deps, callerOf(req), String(req.params.id), req.body)));
  return r;
}
