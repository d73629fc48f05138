import { randomUUID } from 'node:crypto';
import {
  addDays,
  idOr404,
  isoDate,
  parseWith,
  text,
  z,
} from '@seatlease/shared';
import { contracts, suspensions } from './contract.repository';
import { appendAudit } from '../audit/audit.repository';
import { loadContractState } from './contract-state';
import type { Caller, Deps } from '../deps';

const suspendBody = z.object({ on: isoDate(), reason: text(500) }).strict();

const resumeBody = z.object({ on: isoDate() }).strict();

/** §2.A2: billing's dunning suspends a contract on day 16 unpaid (internal call). Idempotent. */
export async function suspendContract(deps: Deps, caller: Caller, contractId: string, body: unknown) {
  const input = parseWith(suspendBody, body);
  return deps.knex.transaction(async (trx) => {
    await contracts.lock(trx, idOr404(contractId, 'contract'));
    const state = await loadContractState(trx, contractId, input.on);
    if (state.status !== 'active') return { contractId, status: state.status, changed: false };
    await contracts.update(trx, state.row.id, { status: 'suspended' });
    if (!(await suspensions.open(trx, state.row.id))) {
      await suspensions.insert(trx, { id: randomUUID(), contract_id: state.row.id, from_date: input.on, to_date: null, reason: input.reason });
    }
    await appendAudit(trx, caller.actor, caller.clock.nowMs(), { action: 'contract.suspended', entity: 'contract', entityId: state.row.id, contractId: state.row.id, reason: input.reason, data: input });
    return { contractId, status: 'suspended', changed: true };
  });
}

/** Paying everything overdue lifts the suspension (§2.A2). Idempotent. */
export async function resumeContract(deps: Deps, caller: Caller, contractId: string, body: unknown) {
  const input = parseWith(resumeBody, body);
  return deps.knex.transaction(async (trx) => {
    await contracts.lock(trx, idOr404(contractId, 'contract'));
    const state = await loadContractState(trx, contractId, input.on);
    if (state.row.status !== 'suspended') return { contractId, status: state.status, changed: false };
    await contracts.update(trx, state.row.id, { status: 'active' });
    const open = await suspensions.open(trx, state.row.id);
    // The suspension covers the days up to the day before payment lifted it.
    if (open) await suspensions.close(trx, open.id, input.on > open.from_date ? addDays(input.on, -1) : open.from_date);
    await appendAudit(trx, caller.actor, caller.clock.nowMs(), { action: 'contract.resumed', entity: 'contract', entityId: state.row.id, contractId: state.row.id, data: input });
    return { contractId, status: 'active', changed: true };
  });
}
