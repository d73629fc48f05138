import {
  conflict,
  parseWith,
  today as todayOf,
  exactlyOnce,
} from '@seatlease/shared';
import { seatOrders } from '../contracts/contract.repository';
import { appendAudit } from '../audit/audit.repository';
import type { Caller, Deps } from '../deps';
import { assertNotVoided, lockOrder, seatOrderView } from './seat-order-support';
import { SeatOrderExcuse as excuseBody } from '@seatlease/shared/src/api';

/** §8.A1 applies only "while resources were available": staff record that they were not. */
export async function excuseSeatOrder(deps: Deps, caller: Caller, orderId: string, body: unknown) {
  const input = parseWith(excuseBody, body);
  const today = todayOf(caller.clock);
  return exactlyOnce(deps.knex, caller.once, async (trx) => {
    const order = await lockOrder(trx, orderId);
    assertNotVoided(order);
    if (order.kind !== 'add') throw conflict('only add orders can be excused');
    await seatOrders.update(trx, order.id, { excused: true, excuse_reason: input.reason, penalty_fen: 0 });
    await appendAudit(trx, caller.actor, caller.clock.nowMs(), {
      action: 'seat_order.excused',
      entity: 'seat_order',
      entityId: order.id,
      contractId: order.contract_id,
      reason: input.reason,
      data: input,
    });
    return seatOrderView((await seatOrders.get(trx, order.id))!, today);
  });
}
