import { Router, type Request } from 'express';
import { instant, parseWith, tenantScope, today as todayOf, z, idOr404, type IdempotencyContext } from '@seatlease/shared';
import type { Caller, Deps } from './deps';
import { getInvoice } from './invoices/get-invoice';
import { invoicePdf } from './invoices/get-invoice-pdf';
import { listInvoices } from './invoices/list-invoices';
import { upcomingInvoice } from './invoices/upcoming-invoice';
import { issueOpeningInvoice } from './invoices/issue-opening-invoice';
import { correctAfterFinal } from './credit-notes/correct-after-final';
import { depositsHeldOf } from './deposits/deposit.repository';
import { contractDeposits } from './deposits/contract-deposits';
import { listBillingRuns } from './runs/list-billing-runs';
import { exportInvoices } from './exports/finance-export';
import { getBillingRun } from './runs/get-billing-run';
import { startBillingRun } from './runs/start-billing-run';
import { getCalendarYear, putCalendarYear } from './calendar/calendar-use-cases';
import type { Scheduler } from './scheduler/scheduler';
import { BillingRunCreate, DepositQuery } from '@seatlease/shared/src/api';

export function callerOf(req: Request, once: IdempotencyContext | null = null): Caller {
  return { actor: req.actor, clock: req.clock, scopeTenantId: tenantScope(req), requestId: req.requestId, once };
}

export function billingRoutes(deps: Deps, scheduler: Scheduler): Router {
  const r = Router();
  const p = (req: Request, name: string) => String(req.params[name]);

  r.post('/v1/billing-runs', async (req, res) => {
    const body = parseWith(BillingRunCreate, req.body);
    const { status, run } = await startBillingRun(deps, callerOf(req), body.period);
    res.status(status).json(run);
  });
  r.get('/v1/billing-runs', async (req, res) => void res.json(await listBillingRuns(deps, callerOf(req), req.query)));
  r.get('/v1/billing-runs/:id', async (req, res) => void res.json(await getBillingRun(deps, p(req, 'id'))));

  r.get('/v1/invoices', async (req, res) => void res.json(await listInvoices(deps, callerOf(req), req.query)));
  r.get('/v1/invoices/export', async (req, res) => exportInvoices(deps, callerOf(req), req.query, res));
  r.get('/v1/invoices/:id', async (req, res) => void res.json(await getInvoice(deps, callerOf(req), p(req, 'id'))));
  r.get('/v1/invoices/:id/pdf', async (req, res) => {
    const { filename, pdf } = await invoicePdf(deps, callerOf(req), p(req, 'id'));
    res.type('application/pdf').setHeader('content-disposition', `inline; filename="${filename}"`);
    res.send(pdf);
  });
  r.get('/v1/contracts/:id/upcoming-invoice', async (req, res) => void res.json(await upcomingInvoice(deps, callerOf(req), p(req, 'id'), req.query)));

  r.put('/v1/calendar/:year', async (req, res) => void res.json(await putCalendarYear(deps, p(req, 'year'), req.body)));
  r.get('/v1/calendar/:year', async (req, res) => void res.json(await getCalendarYear(deps, p(req, 'year'))));

  r.get('/v1/deposits', async (req, res) => {
    const q = parseWith(DepositQuery, req.query);
    res.json(await contractDeposits(deps, callerOf(req), q.contractId));
  });

  // Internal: asked by the gateway (contract answers composed at the door, decision 0062; the test clock).
  r.post('/internal/invoices/opening', async (req, res) => {
    const body = parseWith(z.object({ contractId: z.string().uuid() }).strict(), req.body);
    const { created, invoice } = await issueOpeningInvoice(deps, callerOf(req), body.contractId);
    res.status(created ? 201 : 200).json(invoice);
  });
  r.post('/internal/contracts/:id/void-corrections', async (req, res) => {
    const c = callerOf(req);
    res.json(await correctAfterFinal(deps, idOr404(p(req, 'id'), 'contract'), todayOf(c.clock), c.clock.nowMs(), c.requestId));
  });
  r.post('/internal/deposits/held', async (req, res) => {
    const body = parseWith(z.object({ contractIds: z.array(z.string().uuid()).max(500) }).strict(), req.body);
    res.json({ heldFen: Object.fromEntries(await depositsHeldOf(deps.knex, body.contractIds)) });
  });
  r.post('/internal/scheduler/advance', async (req, res) => {
    const body = parseWith(z.object({ from: instant(), to: instant() }).strict(), req.body);
    res.json(await scheduler.advanceThrough(Date.parse(body.from), Date.parse(body.to)));
  });
  return r;
}

