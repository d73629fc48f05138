import { Router, type Request } from 'express';
import { onceRoute, tenantScope, type IdempotencyContext } from '@seatlease/shared';
import type { Caller, Deps } from './deps';
import { createTenant } from './tenants/create-tenant';
import { getTenant } from './tenants/get-tenant';
import { setInvoicingProfile } from './tenants/set-invoicing-profile';
import { billParties } from './tenants/bill-parties';
import { tenantForBilling } from './tenants/tenant-for-billing';
import { getPriceList } from './tenants/get-price-list';
import { setPrice } from './tenants/set-price';
import { createContract } from './contracts/create-contract';
import { getContract } from './contracts/get-contract';
import { listContracts } from './contracts/list-contracts';
import { auditLog } from './audit/contract-audit-log';
import { listAuditLog } from './audit/list-audit-log';
import { billingFactsFor } from './facts/billing-facts-for';
import { billingFactsPage } from './facts/billing-facts-page';
import { listTenants } from './tenants/list-tenants';
import { updateTenant } from './tenants/update-tenant';
import { listForceMajeure } from './events/list-force-majeure';
import { placeSeatOrder } from './seats/place-seat-order';
import { listSeatOrders } from './seats/list-seat-orders';
import { openSeatOrder } from './seats/open-seat-order';
import { excuseSeatOrder } from './seats/excuse-seat-order';
import { recordOutage } from './events/record-outage';
import { listOutages } from './events/list-outages';
import { recordForceMajeure } from './events/record-force-majeure';
import { terminateContract } from './contracts/terminate-contract';
import { renewContract } from './contracts/renew-contract';
import { transferContract } from './contracts/transfer-contract';
import { addOneOffCharge } from './contracts/add-one-off-charge';
import { resumeContract, suspendContract } from './contracts/suspend-contract';
import { openIncident } from './incidents/open-incident';
import { updateIncident } from './incidents/update-incident';
import { resolveIncident } from './incidents/resolve-incident';
import { getIncident, listIncidents, listTenantIncidents } from './incidents/incident-queries';
import { recordSeatLog } from './seat-log/record-seat-log';
import { listSeatLog } from './seat-log/list-seat-log';
import { raiseSeatIncident } from './seat-log/raise-seat-incident';
import { seatOpenSeconds } from './seat-log/seat-hours';
import { tenantStaffedShifts } from './seat-log/staffed-shifts';
import { voidOutage } from './events/void-outage';
import { voidForceMajeure } from './events/void-force-majeure';
import { voidOneOffCharge } from './contracts/void-one-off-charge';
import { voidSeatOrder } from './seats/void-seat-order';

function caller(req: Request, once: IdempotencyContext | null = null): Caller {
  return { actor: req.actor, clock: req.clock, scopeTenantId: tenantScope(req), requestId: req.requestId, once };
}

/** The public routes (the gateway decides who may call which) and the internal seam. */
export function contractRoutes(deps: Deps): Router {
  const r = Router();
  const p = (req: Request, name: string) => String(req.params[name]);
  r.post('/v1/tenants', onceRoute(201, (req, once) => createTenant(deps, caller(req, once), req.body)));
  r.get('/v1/tenants', async (req, res) => void res.json(await listTenants(deps, caller(req), req.query)));
  r.get('/v1/tenants/:id', async (req, res) => void res.json(await getTenant(deps, caller(req), p(req, 'id'))));
  r.put('/v1/tenants/:id/invoicing-profile', async (req, res) => void res.json(await setInvoicingProfile(deps, caller(req), p(req, 'id'), req.body)));
  r.patch('/v1/tenants/:id', async (req, res) => void res.json(await updateTenant(deps, caller(req), p(req, 'id'), req.body)));
  r.get('/v1/price-list', async (_req, res) => void res.json(await getPriceList(deps)));
  r.put('/v1/price-list/:tier', async (req, res) => void res.json(await setPrice(deps, caller(req), p(req, 'tier'), req.body)));
  r.post('/v1/contracts', onceRoute(201, (req, once) => createContract(deps, caller(req, once), req.body)));
  r.get('/v1/contracts', async (req, res) => void res.json(await listContracts(deps, caller(req), req.query)));
  r.get('/v1/contracts/:id', async (req, res) => void res.json(await getContract(deps, caller(req), p(req, 'id'))));
  r.post('/v1/contracts/:id/seat-orders', onceRoute(201, (req, once) => placeSeatOrder(deps, caller(req, once), p(req, 'id'), req.body)));
  r.get('/v1/contracts/:id/seat-orders', async (req, res) => void res.json(await listSeatOrders(deps, caller(req), p(req, 'id'), req.query)));
  r.post('/v1/seat-orders/:id/open', onceRoute(200, (req, once) => openSeatOrder(deps, caller(req, once), p(req, 'id'), req.body)));
  r.post('/v1/seat-orders/:id/excuse', onceRoute(200, (req, once) => excuseSeatOrder(deps, caller(req, once), p(req, 'id'), req.body)));
  r.post('/v1/contracts/:id/outages', onceRoute(201, (req, once) => recordOutage(deps, caller(req, once), p(req, 'id'), req.body)));
  r.get('/v1/contracts/:id/outages', async (req, res) => void res.json(await listOutages(deps, caller(req), p(req, 'id'), req.query)));
  r.get('/v1/force-majeure', async (req, res) => void res.json(await listForceMajeure(deps, caller(req), req.query)));
  r.post('/v1/force-majeure', onceRoute(201, (req, once) => recordForceMajeure(deps, caller(req, once), req.body)));
  r.post('/v1/contracts/:id/terminations', onceRoute(201, (req, once) => terminateContract(deps, caller(req, once), p(req, 'id'), req.body)));
  r.post('/v1/contracts/:id/renewals', onceRoute(201, (req, once) => renewContract(deps, caller(req, once), p(req, 'id'), req.body)));
  r.post('/v1/contracts/:id/transfers', onceRoute(201, (req, once) => transferContract(deps, caller(req, once), p(req, 'id'), req.body)));
  r.post('/v1/contracts/:id/one-off-charges', onceRoute(201, (req, once) => addOneOffCharge(deps, caller(req, once), p(req, 'id'), req.body)));
  r.post('/v1/incidents', onceRoute(201, (req, once) => openIncident(deps, caller(req, once), req.body)));
  r.get('/v1/incidents', async (req, res) => void res.json(await listIncidents(deps, caller(req), req.query)));
  r.get('/v1/incidents/:id', async (req, res) => void res.json(await getIncident(deps, caller(req), p(req, 'id'))));
  r.patch('/v1/incidents/:id', async (req, res) => void res.json(await updateIncident(deps, caller(req), p(req, 'id'), req.body)));
  r.post('/v1/incidents/:id/resolve', onceRoute(200, (req, once) => resolveIncident(deps, caller(req, once), p(req, 'id'), req.body)));
  r.get('/v1/tenants/:id/incidents', async (req, res) => void res.json(await listTenantIncidents(deps, caller(req), p(req, 'id'), req.query)));
  r.post('/v1/contracts/:id/seat-log', onceRoute(201, (req, once) => recordSeatLog(deps, caller(req, once), p(req, 'id'), req.body)));
  r.get('/v1/contracts/:id/seat-log', async (req, res) => void res.json(await listSeatLog(deps, caller(req), p(req, 'id'), req.query)));
  r.post('/v1/seat-log/:id/incident', onceRoute(201, (req, once) => raiseSeatIncident(deps, caller(req, once), p(req, 'id'), req.body)));
  // SPEC §5: records entered by mistake are voided, never deleted (idempotent: 200 with the record).
  r.post('/v1/outages/:id/void', async (req, res) => void res.json(await voidOutage(deps, caller(req), p(req, 'id'), req.body)));
  r.post('/v1/force-majeure/:id/void', async (req, res) => void res.json(await voidForceMajeure(deps, caller(req), p(req, 'id'), req.body)));
  r.post('/v1/one-off-charges/:id/void', async (req, res) => void res.json(await voidOneOffCharge(deps, caller(req), p(req, 'id'), req.body)));
  r.post('/v1/seat-orders/:id/void', async (req, res) => void res.json(await voidSeatOrder(deps, caller(req), p(req, 'id'), req.body)));
  r.get('/v1/contracts/:id/audit-log', async (req, res) => void res.json(await auditLog(deps, caller(req), p(req, 'id'), req.query)));

  r.get('/v1/audit-log', async (req, res) => void res.json(await listAuditLog(deps, req.query)));

  // Internal: the seam to billing and dunning's status changes.
  r.get('/internal/tenants/:id', async (req, res) => void res.json(await tenantForBilling(deps, p(req, 'id'))));
  r.get('/internal/bill-parties', async (req, res) => void res.json(await billParties(deps, req.query)));
  r.get('/internal/billing-facts', async (req, res) => void res.json(await billingFactsPage(deps, caller(req), req.query)));
  r.get('/internal/billing-facts/:id', async (req, res) => void res.json(await billingFactsFor(deps, caller(req), p(req, 'id'))));
  r.get('/internal/contracts/:id/seat-hours', async (req, res) => void res.json(await seatOpenSeconds(deps, caller(req), p(req, 'id'), req.query)));
  r.get('/internal/tenants/:id/staffed-shifts', async (req, res) => void res.json(await tenantStaffedShifts(deps, caller(req), p(req, 'id'), req.query)));
  r.post('/internal/contracts/:id/suspend', async (req, res) => void res.json(await suspendContract(deps, caller(req), p(req, 'id'), req.body)));
  r.post('/internal/contracts/:id/resume', async (req, res) => void res.json(await resumeContract(deps, caller(req), p(req, 'id'), req.body)));
  return r;
}
