import { Router } from 'express';
import type { Deps } from '../deps';
import { callerOf } from '../routes';
import { acceptIncidentNotice } from './incident-notices';

/** Internal: notices other services owe tenants, mailed through this service's outbox. */
export function noticeRoutes(deps: Deps): Router {
  const r = Router();
  r.post('/internal/notices', async (req, res) => {
    const out = await acceptIncidentNotice(deps, callerOf(req), req.body);
    res.status(out.queued ? 201 : 200).json(out);
  });
  return r;
}
