import { conflict, idOr404, notFound, parseWith, toShanghaiInstant, exactlyOnce } from '@seatlease/shared';
import { tenants as tenantRows, type TenantRow } from '../contracts/contract.repository';
import { appendAudit } from '../audit/audit.repository';
import { recordOutageWithin } from '../events/record-outage';
import type { Caller, Deps } from '../deps';
import { incidents, type IncidentRow } from './incident.repository';
import { incidentView, owePerTenant } from './incident-support';
import { IncidentResolve as resolveBody } from '@seatlease/shared/src/api';

/**
 * The incident ends: each affected contract gets the outage record it would have had if staff
 * had typed it in after the fact — through the same outage use case, so SPEC §5 (restore
 * window, midnight split, rounding up, the 15-day waiver) and every check on outage records
 * apply unchanged. Until this moment the incident is in no bill. A major incident then owes
 * each affected tenant a `service_restored` notice.
 */
export async function resolveIncident(deps: Deps, caller: Caller, id: string, body: unknown) {
  const input = parseWith(resolveBody, body);
  const nowMs = caller.clock.nowMs();
  const view = await exactlyOnce(deps.knex, caller.once, async (trx) => {
    const row = await incidents.lock(trx, idOr404(id, 'incident'));
    if (!row) throw notFound(`incident ${id}`);
    if (row.ended_at) throw conflict(`incident ${id} was already resolved (ended ${toShanghaiInstant(row.ended_at)})`, { endedAt: toShanghaiInstant(row.ended_at) });
    const links = await incidents.contractsOf(trx, [row.id]);
    const tenants = new Map<string, TenantRow>();
    // Links are in contract id order: the contracts are locked in the order every writer uses.
    for (const l of links) {
      const outage = await recordOutageWithin(trx, caller, l.contract_id, {
        startedAt: row.started_at.toISOString(),
        endedAt: input.endedAt,
        seatsAffected: l.seats_affected,
        cause: row.cause,
        description: `事故 incident ${row.id}: ${row.description}`.slice(0, 1000),
      });
      await incidents.setOutage(trx, row.id, l.contract_id, outage.id);
      l.outage_id = outage.id;
      const tenant = await tenantRows.get(trx, l.tenant_id);
      tenants.set(l.tenant_id, tenant!);
    }
    const resolved: IncidentRow = { ...row, ended_at: new Date(input.endedAt), resolved_at: new Date(nowMs) };
    await incidents.update(trx, row.id, { ended_at: resolved.ended_at, resolved_at: resolved.resolved_at });
    if (resolved.severity === 'major') await owePerTenant(trx, 'service_restored', resolved, links, tenants, nowMs);
    for (const l of links) {
      await appendAudit(trx, caller.actor, nowMs, { action: 'incident.resolved', entity: 'incident', entityId: row.id, contractId: l.contract_id, data: { ...input, outageId: l.outage_id } });
    }
    return incidentView(resolved, links, caller.scopeTenantId);
  });
  deps.incidentNotices.wake();
  return view;
}
