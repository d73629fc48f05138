import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import {
  conflict,
  firstDayOfMonth,
  idOr404,
  parseWith,
  ruleBroken,
  shanghaiDate,
  today as todayOf,
  z,
  exactlyOnce,
} from '@seatlease/shared';
import { contracts, outages } from '../contracts/contract.repository';
import { appendAudit } from '../audit/audit.repository';
import { contractedSeats, loadContractState } from '../contracts/contract-state';
import type { Caller, Deps } from '../deps';
import { checkInterval, outageView } from './event-support';
import { OutageCreate as outageBody } from '@seatlease/shared/src/api';

export type OutageInput = z.infer<typeof outageBody>;

/** §8.A1, §2.A5: billing turns provider faults (and maintenance beyond 48 h a month) into credits. */
export async function recordOutage(deps: Deps, caller: Caller, contractId: string, body: unknown) {
  const input = parseWith(outageBody, body);
  return exactlyOnce(deps.knex, caller.once, (trx) => recordOutageWithin(trx, caller, contractId, input));
}

/**
 * The outage rule inside the caller's transaction: the one way an outage record is made, by
 * hand after the fact or by resolving a live incident (issue 16), so both credit alike.
 */
export async function recordOutageWithin(trx: Knex.Transaction, caller: Caller, contractId: string, input: OutageInput) {
  checkInterval(input.startedAt, input.endedAt, caller.clock.nowMs());
  const today = todayOf(caller.clock);
  const id = randomUUID();
  await contracts.lock(trx, idOr404(contractId, 'contract'));
  const state = await loadContractState(trx, contractId, today);
  const from = shanghaiDate(input.startedAt);
  const to = shanghaiDate(input.endedAt);
  if (to < firstDayOfMonth(state.row.start_month) || from > state.lastDay) {
    throw ruleBroken('startedAt', `the outage must overlap the contract's service, ${firstDayOfMonth(state.row.start_month)} to ${state.lastDay}`);
  }
  const seats = Math.max(contractedSeats(state, from), contractedSeats(state, to));
  if (input.seatsAffected > seats) {
    throw ruleBroken('seatsAffected', `the contract has ${seats} seats in that period; cannot affect ${input.seatsAffected}`);
  }
  // SPEC §5 (2026-12-06): the same outage entered twice is refused, naming the one on file.
  const same = await outages.identical(trx, state.row.id, { startedAt: new Date(input.startedAt), endedAt: new Date(input.endedAt), seatsAffected: input.seatsAffected, cause: input.cause });
  if (same) {
    throw conflict(`an identical outage is already on file: ${same.id} (same start, end, seats and cause); void it first if it was wrong`, { existingId: same.id, existing: `/v1/contracts/${state.row.id}/outages` });
  }
  await outages.insert(trx, {
    id,
    contract_id: state.row.id,
    started_at: new Date(input.startedAt),
    ended_at: new Date(input.endedAt),
    seats_affected: input.seatsAffected,
    cause: input.cause,
    description: input.description ?? null,
    created_at: new Date(caller.clock.nowMs()),
  });
  await appendAudit(trx, caller.actor, caller.clock.nowMs(), { action: 'outage.recorded', entity: 'outage', entityId: id, contractId: state.row.id, data: input });
  const rows = await outages.forContract(trx, state.row.id);
  return outageView(rows.find((r) => r.id === id)!);
}
