import { conflict, idOr404, instantMs, notFound, parseWith, ruleBroken, toShanghaiInstant, today as todayOf } from '@seatlease/shared';
import { contracts, type TenantRow } from '../contracts/contract.repository';
import { loadContractState } from '../contracts/contract-state';
import { appendAudit } from '../audit/audit.repository';
import type { Caller, Deps } from '../deps';
import { incidents, type IncidentRow } from './incident.repository';
import { incidentView, owePerTenant, seatsAt } from './incident-support';
import { IncidentUpdate as patchBody } from '@seatlease/shared/src/api';

/**
 * Staff correct an open incident as they learn more. A resolved incident is history: its
 * outage records are corrected by voiding them, never by editing the incident (STYLE 13).
 * Raising it to `major` warns the affected tenants then (once; a warning is never withdrawn).
 */
export async function updateIncident(deps: Deps, caller: Caller, id: string, body: unknown) {
  const input = parseWith(patchBody, body);
  const nowMs = caller.clock.nowMs();
  const view = await deps.knex.transaction(async (trx) => {
    const row = await incidents.lock(trx, idOr404(id, 'incident'));
    if (!row) throw notFound(`incident ${id}`);
    if (row.ended_at) throw conflict(`incident ${id} was resolved on ${toShanghaiInstant(row.ended_at)}; correct its outage records instead`);
    const links = await incidents.contractsOf(trx, [row.id]);
    const next: IncidentRow = {
      ...row,
      started_at: input.startedAt ? new Date(input.startedAt) : row.started_at,
      cause: input.cause ?? row.cause,
      severity: input.severity ?? row.severity,
      description: input.description ?? row.description,
    };
    if (input.startedAt && instantMs(input.startedAt) > nowMs) throw ruleBroken('startedAt', 'is in the future');
    const tenants = new Map<string, TenantRow>();
    for (const l of links) {
      await contracts.lock(trx, l.contract_id);
      const state = await loadContractState(trx, l.contract_id, todayOf(caller.clock));
      tenants.set(state.tenant.id, state.tenant);
      const max = seatsAt(state, next.started_at);
      const asked = input.seatsAffected?.[l.contract_id] ?? l.seats_affected;
      if (asked > max) throw ruleBroken(`seatsAffected.${l.contract_id}`, `the contract has ${max} seats then; cannot affect ${asked}`);
      if (asked !== l.seats_affected) {
        await incidents.setSeats(trx, row.id, l.contract_id, asked);
        l.seats_affected = asked;
      }
    }
    for (const key of Object.keys(input.seatsAffected ?? {})) {
      if (!links.some((l) => l.contract_id === key)) throw ruleBroken(`seatsAffected.${key}`, 'names a contract outside the incident');
    }
    await incidents.update(trx, row.id, { started_at: next.started_at, cause: next.cause, severity: next.severity, description: next.description });
    if (next.severity === 'major') await owePerTenant(trx, 'major_fault_warning', next, links, tenants, nowMs);
    for (const l of links) {
      await appendAudit(trx, caller.actor, nowMs, { action: 'incident.updated', entity: 'incident', entityId: row.id, contractId: l.contract_id, data: input });
    }
    return incidentView(next, links, caller.scopeTenantId);
  });
  deps.incidentNotices.wake();
  return view;
}
