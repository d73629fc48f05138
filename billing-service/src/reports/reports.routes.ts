import { Router } from 'express';
import { callerOf } from '../routes';
import type { Deps } from '../deps';
import { tenantStatement } from './statement';
import { arAging } from './ar-aging';
import { exportArAging, exportStatement } from '../exports/finance-export';

export function reportRoutes(deps: Deps): Router {
  const r = Router();
  r.get('/v1/tenants/:id/statement', async (req, res) => void res.json(await tenantStatement(deps, callerOf(req), String(req.params.id), req.query)));
  r.get('/v1/tenants/:id/statement/export', async (req, res) => exportStatement(deps, callerOf(req), String(req.params.id), req.query, res));
  r.get('/v1/reports/ar-aging/export', async (req, res) => exportArAging(deps, callerOf(req), req.query, res));
  r.get('/v1/reports/ar-aging', async (req, res) => void res.json(await arAging(deps, callerOf(req), req.query)));
  return r;
}
