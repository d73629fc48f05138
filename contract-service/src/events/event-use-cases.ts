import { randomUUID } from 'node:crypto';
import {
  firstDayOfMonth,
  idOr404,
  instant,
  instantMs,
  isoDate,
  monthOf,
  parseWith,
  ruleBroken,
  shanghaiDate,
  text,
  today as todayOf,
  z,
} from '@seatlease/shared';
import { contracts, forceMajeure, outages, seatOrders, type ContractRow, type OutageRow } from '../contracts/contract.repository';
import { appendAudit } from '../audit/audit.repository';
import { contractedSeats, loadContractState, loadContractStates } from '../contracts/contract-state';
import { daysLate, isHonoured, latePenaltyFen, monthlyFee, type ForceMajeureRow } from '../contracts/contract-model';
import { assertOpenForChanges } from '../seats/seat-order-use-cases';
import type { Caller, Deps } from '../deps';

const outageBody = z
  .object({
    startedAt: instant(),
    endedAt: instant(),
    seatsAffected: z.number().int({ message: 'must be a whole number of seats' }).min(1, { message: 'must be at least 1' }).max(10_000),
    cause: z.enum(['provider', 'tenant', 'maintenance'], { message: 'must be provider, tenant or maintenance' }),
    description: text(1000).optional(),
  })
  .strict();

export function outageView(o: OutageRow) {
  return {
    id: o.id,
    contractId: o.contract_id,
    startedAt: o.started_at.toISOString(),
    endedAt: o.ended_at.toISOString(),
    seatsAffected: o.seats_affected,
    cause: o.cause,
    description: o.description,
  };
}

/** Checks an event's instants: the end after the start, and not in the future of the clock. */
function checkInterval(startedAt: string, endedAt: string, nowMs: number): void {
  if (instantMs(endedAt) <= instantMs(startedAt)) throw ruleBroken('endedAt', 'must be after startedAt');
  if (instantMs(endedAt) > nowMs) throw ruleBroken('endedAt', 'is in the future: record an outage once it has ended');
}

/** §8.A1, §2.A5: billing turns provider faults (and maintenance beyond 48 h a month) into credits. */
export async function recordOutage(deps: Deps, caller: Caller, contractId: string, body: unknown) {
  const input = parseWith(outageBody, body);
  checkInterval(input.startedAt, input.endedAt, caller.clock.nowMs());
  const today = todayOf(caller.clock);
  const id = randomUUID();
  await deps.knex.transaction(async (trx) => {
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
    await outages.insert(trx, {
      id,
      contract_id: state.row.id,
      started_at: new Date(input.startedAt),
      ended_at: new Date(input.endedAt),
      seats_affected: input.seatsAffected,
      cause: input.cause,
      description: input.description ?? null,
    });
    await appendAudit(trx, caller.actor, caller.clock.nowMs(), { action: 'outage.recorded', entity: 'outage', entityId: id, contractId: state.row.id, data: input });
  });
  const rows = await outages.forContract(deps.knex, contractId);
  return outageView(rows.find((r) => r.id === id)!);
}

export async function listOutages(deps: Deps, caller: Caller, contractId: string) {
  const state = await loadContractState(deps.knex, contractId, todayOf(caller.clock), caller.scopeTenantId);
  return { data: state.outages.map(outageView) };
}

const fmBody = z
  .object({
    startedAt: instant(),
    endedAt: instant(),
    noticeGivenOn: isoDate(),
    claimedBy: z.enum(['provider', 'tenant'], { message: 'must be provider or tenant' }),
    contractIds: z.array(z.string().uuid({ message: 'must be a contract id (UUID)' })).min(1, { message: 'omit contractIds for every contract' }).max(10_000).optional(),
    description: text(2000),
  })
  .strict();

export function forceMajeureView(f: ForceMajeureRow, contractIds: string[] | null) {
  return {
    id: f.id,
    startedAt: f.started_at.toISOString(),
    endedAt: f.ended_at.toISOString(),
    noticeGivenOn: f.notice_given_on,
    claimedBy: f.claimed_by,
    description: f.description,
    contractIds,
    honoured: isHonoured(f),
  };
}

/**
 * §7: nobody is liable during force majeure and Party B owes nothing (§7.4), if notice came
 * within 10 days after the end (§7.3). Opened seat orders whose delay it covers have their
 * days late and penalty recomputed (§8.X4); billing reconciles the difference.
 */
export async function recordForceMajeure(deps: Deps, caller: Caller, body: unknown) {
  const input = parseWith(fmBody, body);
  checkInterval(input.startedAt, input.endedAt, caller.clock.nowMs());
  const today = todayOf(caller.clock);
  if (input.noticeGivenOn > today) throw ruleBroken('noticeGivenOn', `is in the future (today is ${today})`);
  if (input.noticeGivenOn < shanghaiDate(input.startedAt)) throw ruleBroken('noticeGivenOn', 'cannot precede the event');
  const id = randomUUID();
  const row: ForceMajeureRow = {
    id,
    started_at: new Date(input.startedAt),
    ended_at: new Date(input.endedAt),
    notice_given_on: input.noticeGivenOn,
    claimed_by: input.claimedBy,
    description: input.description,
    all_contracts: input.contractIds === undefined,
  };
  const ids = [...new Set(input.contractIds ?? [])];
  await deps.knex.transaction(async (trx) => {
    if (ids.length) {
      const found = new Set((await trx('contracts').whereIn('id', ids).select('id')).map((r) => r.id as string));
      const missing = (input.contractIds ?? []).findIndex((c) => !found.has(c));
      if (missing >= 0) throw ruleBroken(`contractIds[${missing}]`, `no contract ${input.contractIds![missing]}`);
    }
    await forceMajeure.insert(trx, row, ids);
    await appendAudit(trx, caller.actor, caller.clock.nowMs(), { action: 'force_majeure.recorded', entity: 'force_majeure', entityId: id, data: input });
    // §8.X4: recompute the delay of opened seat orders of the contracts it covers.
    const affected = await trx('seat_orders')
      .where({ kind: 'add', excused: false })
      .whereNotNull('opened_on')
      .where('days_late', '>', 0)
      .modify((q) => {
        if (ids.length) q.whereIn('contract_id', ids);
      })
      .select('contract_id');
    const contractIds: string[] = [...new Set((affected as Array<{ contract_id: string }>).map((r) => r.contract_id))];
    const rows: ContractRow[] = contractIds.length ? ((await trx('contracts').whereIn('id', contractIds)) as ContractRow[]) : [];
    for (const state of await loadContractStates(trx, rows, today)) {
      for (const o of state.orders) {
        if (o.kind !== 'add' || !o.opened_on || o.excused) continue;
        const late = daysLate(o.effective_date, o.opened_on, state.forceMajeure);
        if (late === o.days_late) continue;
        const penalty = latePenaltyFen(monthlyFee(state.prices, monthOf(o.opened_on)), o.quantity, late);
        await seatOrders.update(trx, o.id, { days_late: late, penalty_fen: penalty });
        await appendAudit(trx, caller.actor, caller.clock.nowMs(), {
          action: 'seat_order.days_late_recomputed',
          entity: 'seat_order',
          entityId: o.id,
          contractId: state.row.id,
          reason: `force majeure ${id} (§8.X4)`,
          data: { daysLate: late, penaltyFen: penalty, before: { daysLate: o.days_late, penaltyFen: o.penalty_fen } },
        });
      }
    }
  });
  return forceMajeureView(row, input.contractIds ? ids : null);
}

