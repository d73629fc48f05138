import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { instantMs, parseWith, ruleBroken, shanghaiDate, today as todayOf, z, exactlyOnce } from '@seatlease/shared';
import { contracts, type ContractRow, type TenantRow } from '../contracts/contract.repository';
import { loadContractStates } from '../contracts/contract-state';
import { appendAudit } from '../audit/audit.repository';
import type { Caller, Deps } from '../deps';
import { incidents, type IncidentContractRow, type IncidentRow } from './incident.repository';
import { incidentView, inService, owePerTenant, seatsAt } from './incident-support';
import { causeField, severityField, IncidentCreate as openBody } from '@seatlease/shared/src/api';
export { causeField, severityField };

/** A limit on everything: the contracts one incident may name. */

export type OpenIncidentInput = z.infer<typeof openBody>;

/** 第六条: staff open an incident while it happens; `major` warns every affected tenant at once. */
export async function openIncident(deps: Deps, caller: Caller, body: unknown) {
  const input = parseWith(openBody, body);
  const view = await exactlyOnce(deps.knex, caller.once, (trx) => openIncidentWithin(trx, caller, input, null));
  deps.incidentNotices.wake();
  return view;
}

export async function openIncidentWithin(trx: Knex.Transaction, caller: Caller, input: OpenIncidentInput, seatLogId: string | null) {
  const nowMs = caller.clock.nowMs();
  if (instantMs(input.startedAt) > nowMs) throw ruleBroken('startedAt', 'is in the future: open an incident once it has started');
  const startedAt = new Date(input.startedAt);
  const startDate = shanghaiDate(startedAt);
  const today = todayOf(caller.clock);

  let rows: ContractRow[];
  if (input.scope === 'all') {
    rows = await incidents.scopeContracts(trx, 'all');
  } else {
    const ids = input.scope.contractIds;
    const dup = ids.findIndex((id, i) => ids.indexOf(id) !== i);
    if (dup >= 0) throw ruleBroken(`scope.contractIds[${dup}]`, 'names the same contract twice');
    rows = await incidents.scopeContracts(trx, ids);
    if (rows.length !== ids.length) {
      const found = new Set(rows.map((r) => r.id));
      const i = ids.findIndex((id) => !found.has(id));
      throw ruleBroken(`scope.contractIds[${i}]`, `contract ${ids[i]} was not found`);
    }
  }
  const states = await loadContractStates(trx, rows, today);
  const affected = input.scope === 'all' ? states.filter((s) => inService(s, startDate) && seatsAt(s, startedAt) > 0) : states;
  if (affected.length === 0) throw ruleBroken('scope', `no contract is in service on ${startDate}`);
  const affectedIds = new Set(affected.map((s) => s.row.id));
  for (const key of Object.keys(input.seatsAffected ?? {})) {
    if (!affectedIds.has(key)) throw ruleBroken(`seatsAffected.${key}`, 'names a contract outside the incident');
  }

  const id = randomUUID();
  const links: IncidentContractRow[] = [];
  const tenants = new Map<string, TenantRow>();
  for (const s of affected) {
    if (!inService(s, startDate)) throw ruleBroken('startedAt', `contract ${s.row.id} is not in service on ${startDate}`);
    const seats = seatsAt(s, startedAt);
    const asked = input.seatsAffected?.[s.row.id];
    if (asked !== undefined && asked > seats) {
      throw ruleBroken(`seatsAffected.${s.row.id}`, `the contract has ${seats} seats on ${startDate}; cannot affect ${asked}`);
    }
    if ((asked ?? seats) < 1) throw ruleBroken(`scope.contractIds`, `contract ${s.row.id} has no seats on ${startDate}`);
    links.push({ incident_id: id, contract_id: s.row.id, tenant_id: s.row.tenant_id, seats_affected: asked ?? seats, outage_id: null });
    tenants.set(s.tenant.id, s.tenant);
  }
  // Lock the contracts in id order, as every other writer does, so the incident's rows and a
  // concurrent seat order agree on the seats.
  for (const l of links) await contracts.lock(trx, l.contract_id);
  const row: IncidentRow = {
    id,
    started_at: startedAt,
    ended_at: null,
    cause: input.cause,
    severity: input.severity,
    description: input.description,
    all_contracts: input.scope === 'all',
    seat_log_id: seatLogId,
    created_at: new Date(nowMs),
    resolved_at: null,
  };
  await incidents.insert(trx, row);
  await incidents.insertContracts(trx, links);
  if (row.severity === 'major') await owePerTenant(trx, 'major_fault_warning', row, links, tenants, nowMs);
  for (const l of links) {
    await appendAudit(trx, caller.actor, nowMs, { action: 'incident.opened', entity: 'incident', entityId: id, contractId: l.contract_id, data: { ...input, seatsAffected: l.seats_affected } });
  }
  return incidentView(row, links, caller.scopeTenantId);
}
