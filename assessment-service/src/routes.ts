import { Router, type Request } from 'express';
import { onceRoute, tenantScope, type IdempotencyContext } from '@seatlease/shared';
import type { Caller, Deps } from './deps';
import { createAgent } from './agents/create-agent';
import { getAgent } from './agents/get-agent';
import { listAgents } from './agents/list-agents';
import { agentTenant } from './agents/agent-exists';
import { getCatalogue } from './catalogue/get-catalogue';
import { createCatalogueVersion } from './catalogue/create-catalogue-version';
import { recordEvent } from './events/record-event';
import { voidEvent } from './events/void-event';
import { listEvents } from './events/list-events';
import { recordWorkday } from './workload/record-workday';
import { voidWorkday } from './workload/void-workday';
import { listWorkdays } from './workload/list-workdays';
import { previewScorecard } from './scorecards/preview-scorecard';
import { publishMonth } from './scorecards/publish-month';
import { getScorecard } from './scorecards/get-scorecard';
import { listScorecards } from './scorecards/list-scorecards';
import { lodgeAppeal } from './appeals/lodge-appeal';
import { decideAppeal } from './appeals/decide-appeal';
import { getAppeal } from './appeals/get-appeal';
import { listAppeals } from './appeals/list-appeals';
import { scorecardPdf } from './scorecards/scorecard-pdf';
import { exportScorecards } from './scorecards/export-scorecards';
import { recordYearEnd } from './years/record-year-end';
import { getYear } from './years/get-year';
import { getAssessmentSettings, putAssessmentSettings } from './years/assessment-settings';

function caller(req: Request, once: IdempotencyContext | null = null): Caller {
  return {
    actor: req.actor,
    clock: req.clock,
    scopeTenantId: tenantScope(req),
    agentId: req.actor.role === 'agent' ? req.actor.agentId ?? '00000000-0000-0000-0000-000000000000' : null,
    requestId: req.requestId,
    once,
  };
}

/** The public routes (the gateway decides which role may call which) and the internal seam. */
export function assessmentRoutes(deps: Deps): Router {
  const r = Router();
  const p = (req: Request, name: string) => String(req.params[name]);
  r.get('/v1/assessment-catalogue', async (req, res) => void res.json(await getCatalogue(deps, caller(req), req.query)));
  r.post('/v1/assessment-catalogue/versions', onceRoute(201, (req, once) => createCatalogueVersion(deps, caller(req, once), req.body)));
  r.post('/v1/agents', onceRoute(201, (req, once) => createAgent(deps, caller(req, once), req.body)));
  r.get('/v1/agents', async (req, res) => void res.json(await listAgents(deps, caller(req), req.query)));
  r.get('/v1/agents/:id', async (req, res) => void res.json(await getAgent(deps, caller(req), p(req, 'id'))));
  r.get('/v1/agents/:id/scorecard-preview', async (req, res) => void res.json(await previewScorecard(deps, caller(req), p(req, 'id'), req.query)));
  r.post('/v1/assessment-events', onceRoute(201, (req, once) => recordEvent(deps, caller(req, once), req.body)));
  r.get('/v1/assessment-events', async (req, res) => void res.json(await listEvents(deps, caller(req), req.query)));
  r.post('/v1/assessment-events/:id/void', onceRoute(200, (req, once) => voidEvent(deps, caller(req, once), p(req, 'id'), req.body)));
  r.post('/v1/workdays', onceRoute(201, (req, once) => recordWorkday(deps, caller(req, once), req.body)));
  r.get('/v1/workdays', async (req, res) => void res.json(await listWorkdays(deps, caller(req), req.query)));
  r.post('/v1/workdays/:id/void', onceRoute(200, (req, once) => voidWorkday(deps, caller(req, once), p(req, 'id'), req.body)));
  r.post('/v1/assessment-publications', onceRoute(201, (req, once) => publishMonth(deps, caller(req, once), req.body)));
  r.get('/v1/scorecards', async (req, res) => void res.json(await listScorecards(deps, caller(req), req.query)));
  r.get('/v1/scorecards/export', async (req, res) => {
    const { filename, csv } = await exportScorecards(deps, caller(req), req.query);
    res.type('text/csv; charset=utf-8').setHeader('content-disposition', `attachment; filename="${filename}"`);
    // A byte-order mark, so that spreadsheet programs read the Chinese names as UTF-8.
    res.send(`\ufeff${csv}`);
  });
  r.get('/v1/scorecards/:id/pdf', async (req, res) => {
    const { filename, pdf } = await scorecardPdf(deps, caller(req), p(req, 'id'));
    res.type('application/pdf').setHeader('content-disposition', `inline; filename="${filename}"`);
    res.send(pdf);
  });
  r.get('/v1/scorecards/:id', async (req, res) => void res.json(await getScorecard(deps, caller(req), p(req, 'id'))));
  r.post('/v1/scorecards/:id/appeals', onceRoute(201, (req, once) => lodgeAppeal(deps, caller(req, once), p(req, 'id'), req.body)));
  r.get('/v1/appeals', async (req, res) => void res.json(await listAppeals(deps, caller(req), req.query)));
  r.get('/v1/appeals/:id', async (req, res) => void res.json(await getAppeal(deps, caller(req), p(req, 'id'))));
  r.post('/v1/appeals/:id/decision', onceRoute(200, (req, once) => decideAppeal(deps, caller(req, once), p(req, 'id'), req.body)));
  r.post('/v1/year-end-evaluations', onceRoute(201, (req, once) => recordYearEnd(deps, caller(req, once), req.body)));
  r.get('/v1/agents/:id/years/:year', async (req, res) => void res.json(await getYear(deps, caller(req), p(req, 'id'), p(req, 'year'))));
  r.get('/v1/tenants/:id/assessment-settings', async (req, res) => void res.json(await getAssessmentSettings(deps, caller(req), p(req, 'id'))));
  r.put('/v1/tenants/:id/assessment-settings', async (req, res) => void res.json(await putAssessmentSettings(deps, caller(req), p(req, 'id'), req.body)));

  // Internal: the gateway checks an agent exists (and in which tenant) before it issues an agent key.
  r.get('/internal/agents/:id', async (req, res) => void res.json(await agentTenant(deps, p(req, 'id'))));
  return r;
}
