import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import {
  conflict,
  referenceNotFound,
  monthOf,
  parseWith,
  ruleBroken,
  shanghaiDate,
  today as todayOf,
  type IsoDate,
  exactlyOnce,
} from '@seatlease/shared';
import { forceMajeure, seatOrders, type ContractRow } from '../contracts/contract.repository';
import { appendAudit } from '../audit/audit.repository';
import { loadContractStates } from '../contracts/contract-state';
import { daysLate, latePenaltyFen, monthlyFee, type ForceMajeureRow } from '../contracts/contract-model';
import type { Caller, Deps } from '../deps';
import { checkInterval, forceMajeureView } from './event-support';
import { ForceMajeureCreate as fmBody } from '@seatlease/shared/src/api';

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
  return exactlyOnce(deps.knex, caller.once, async (trx) => {
    if (ids.length) {
      const found = new Set((await trx('contracts').whereIn('id', ids).select('id')).map((r) => r.id as string));
      const missing = (input.contractIds ?? []).findIndex((c) => !found.has(c));
      if (missing >= 0) throw referenceNotFound(`contractIds[${missing}]`, `no contract ${input.contractIds![missing]}`);
    }
    // SPEC §5 (2026-12-06): the same claim entered twice for a contract is refused, naming it.
    // Claims are serialized so two identical ones cannot both pass this check.
    await trx.raw(`select pg_advisory_xact_lock(hashtextextended('contract:force_majeure', 0))`);
    const same = await forceMajeure.identical(trx, { startedAt: row.started_at, endedAt: row.ended_at, claimedBy: row.claimed_by, noticeGivenOn: row.notice_given_on }, ids);
    if (same) {
      throw conflict(`an identical force-majeure claim already covers these contracts: ${same.id} (same start, end, claimant and notice date); void it first if it was wrong`, { existingId: same.id });
    }
    await forceMajeure.insert(trx, row, ids, new Date(caller.clock.nowMs()));
    await appendAudit(trx, caller.actor, caller.clock.nowMs(), { action: 'force_majeure.recorded', entity: 'force_majeure', entityId: id, data: input });
    // §8.X4: recompute the delay of opened seat orders of the contracts it covers.
    await recomputeDelays(trx, caller, ids, today, `force majeure ${id} (§8.X4)`);
    return forceMajeureView(row, input.contractIds ? ids : null);
  });
}

/**
 * §8.X4: days under honoured force majeure do not count as late. Recomputes the days late and
 * penalty of the opened add orders of `contractIds` (empty = every contract) from the force
 * majeure in force now; billing reconciles the difference.
 */
export async function recomputeDelays(trx: Knex.Transaction, caller: Caller, contractIds: readonly string[], today: IsoDate, reason: string): Promise<void> {
  const ids = [...contractIds];
  const affected = await trx('seat_orders')
    .where({ kind: 'add', excused: false })
    .whereNull('voided_at')
    .whereNotNull('opened_on')
    .modify((q) => {
      if (ids.length) q.whereIn('contract_id', ids);
    })
    .select('contract_id');
  const touched: string[] = [...new Set((affected as Array<{ contract_id: string }>).map((r) => r.contract_id))];
  const rows: ContractRow[] = touched.length ? ((await trx('contracts').whereIn('id', touched)) as ContractRow[]) : [];
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
        reason,
        data: { daysLate: late, penaltyFen: penalty, before: { daysLate: o.days_late, penaltyFen: o.penalty_fen } },
      });
    }
  }
}
