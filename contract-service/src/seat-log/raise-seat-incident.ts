import { conflict, idOr404, notFound, parseWith, exactlyOnce } from '@seatlease/shared';
import { appendAudit } from '../audit/audit.repository';
import type { Caller, Deps } from '../deps';
import { openIncidentWithin } from '../incidents/open-incident';
import { seatLog } from './seat-log.repository';
import { SeatLogIncident as raiseBody } from '@seatlease/shared/src/api';

/**
 * 第十条: a seat that cannot be opened is reported to the centre and maintenance is called at
 * once. One call turns the failed opening into an incident on that contract and seat, starting
 * when the seat failed; staff resolve it like any incident. Once per failed opening (409 after).
 */
export async function raiseSeatIncident(deps: Deps, caller: Caller, entryId: string, body: unknown) {
  const input = parseWith(raiseBody, body ?? {});
  const view = await exactlyOnce(deps.knex, caller.once, async (trx) => {
    const entry = await seatLog.get(trx, idOr404(entryId, 'seat log entry'));
    if (!entry || (caller.scopeTenantId !== null && entry.tenant_id !== caller.scopeTenantId)) throw notFound(`seat log entry ${entryId}`);
    if (entry.kind !== 'open_failed') throw conflict(`seat log entry ${entryId} is a ${entry.kind}, not a seat that failed to open`);
    if (entry.incident_id) throw conflict(`seat log entry ${entryId} is already incident ${entry.incident_id}`, { incidentId: entry.incident_id });
    const incident = await openIncidentWithin(
      trx,
      caller,
      {
        startedAt: entry.at.toISOString(),
        cause: input.cause,
        severity: input.severity,
        description: input.description ?? `坐席 ${entry.seat} 无法开启 / seat ${entry.seat} failed to open: ${entry.reason ?? ''}`.slice(0, 1000),
        scope: { contractIds: [entry.contract_id] },
        seatsAffected: { [entry.contract_id]: 1 },
      },
      entry.id,
    );
    await seatLog.setIncident(trx, entry.id, incident.id);
    await appendAudit(trx, caller.actor, caller.clock.nowMs(), { action: 'seat_log.incident_raised', entity: 'seat_log', entityId: entry.id, contractId: entry.contract_id, data: { incidentId: incident.id } });
    return incident;
  });
  deps.incidentNotices.wake();
  return view;
}
