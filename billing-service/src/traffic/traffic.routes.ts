import { Router } from 'express';
import type { Deps } from '../deps';
import { callerOf } from '../routes';
import { getTraffic } from './traffic-queries';

export function trafficRoutes(deps: Deps): Router {
  const r = Router();
  r.get('/v1/contracts/:id/traffic', async (req, res) => {
    const answer = await getTraffic(deps, callerOf(req), String(req.params.id), req.query);
    if (answer.type === 'json') return void res.json(answer.body);
    res.type(answer.type === 'csv' ? 'text/csv; charset=utf-8' : 'application/pdf').setHeader('content-disposition', `${answer.type === 'pdf' ? 'inline' : 'attachment'}; filename="${answer.filename}"`);
    res.send(answer.body);
  });
  return r;
}
