import {
  conflict,
  firstDayOfMonth,
  monthOf,
  parseWith,
  ruleBroken,
  today as todayOf,
  exactlyOnce,
} from '@seatlease/shared';
import { contracts, seatOrders } from '../contracts/contract.repository';
import { appendAudit } from '../audit/audit.repository';
import { loadContractState } from '../contracts/contract-state';
import { daysLate, latePenaltyFen, monthlyFee } from '../contracts/contract-model';
import type { Caller, Deps } from '../deps';
import { assertNotVoided, assertOpenForChanges, lockOrder } from './seat-order-support';
import { SeatOrderOpen as openBody } from '@seatlease/shared/src/api';

/**
 * §8.A1: opening later than requested, while resources were available, costs Party A 5‰ of the
 * monthly fee per seat per day; days under honoured force majeure do not count (§8.X4).
 */
export async function openSeatOrder(deps: Deps, caller: Caller, orderId: string, body: unknown) {
  const input = parseWith(openBody, body);
  const today = todayOf(caller.clock);
  const result = await exactlyOnce(deps.knex, caller.once, async (trx) => {
    const order = await lockOrder(trx, orderId);
    assertNotVoided(order);
    if (order.kind !== 'add') throw conflict('only add orders are opened');
    if (order.opened_on) throw conflict(`seat order ${order.id} was already opened on ${order.opened_on}`);
    const state = await loadContractState(trx, order.contract_id, today);
    assertOpenForChanges(state);
    if (input.openedOn > today) throw ruleBroken('openedOn', `is in the future (today is ${today})`);
    const start = firstDayOfMonth(state.row.start_month);
    if (input.openedOn < start || input.openedOn > state.lastDay) {
      throw ruleBroken('openedOn', `must fall inside the contract's service, ${start} to ${state.lastDay}`);
    }
    const late = daysLate(order.effective_date, input.openedOn, state.forceMajeure);
    const penalty = order.excused ? 0 : latePenaltyFen(monthlyFee(state.prices, monthOf(input.openedOn)), order.quantity, late);
    await seatOrders.update(trx, order.id, { opened_on: input.openedOn, days_late: late, penalty_fen: penalty });
    if (state.row.status === 'pending_opening') await contracts.update(trx, state.row.id, { status: 'active' });
    await appendAudit(trx, caller.actor, caller.clock.nowMs(), {
      action: 'seat_order.opened',
      entity: 'seat_order',
      entityId: order.id,
      contractId: state.row.id,
      data: { openedOn: input.openedOn, requested: order.effective_date, daysLate: late, penaltyFen: penalty },
    });
    return { id: order.id, openedOn: input.openedOn, requestedOn: order.effective_date, daysLate: late, penalty, currency: 'CNY' };
  });
  return result;
}
