import { conflict, today as todayOf } from '@seatlease/shared';
import { markVoided, seatOrders } from '../contracts/contract.repository';
import { appendAudit } from '../audit/audit.repository';
import type { Caller, Deps } from '../deps';
import { parseVoid, voidMark } from '../events/void-support';
import { lockOrder, seatOrderView } from './seat-order-support';

/**
 * POST /v1/seat-orders/:id/void {reason} — SPEC §5: a seat order placed by mistake is voided
 * before it takes effect (an add order before its seats open, a return order up to the seats'
 * last day of service); kept and audited. Rent or deposit billed in advance for it is corrected
 * by the next bill. The contract's initial seats are the contract itself: not voidable here.
 */
export async function voidSeatOrder(deps: Deps, caller: Caller, orderId: string, body: unknown) {
  const input = parseVoid(body);
  const today = todayOf(caller.clock);
  return deps.knex.transaction(async (trx) => {
    const order = await lockOrder(trx, orderId);
    if (!order.voided_at) {
      if (order.initial) throw conflict(`seat order ${order.id} holds the contract's initial seats; it cannot be voided (end the contract instead)`);
      if (order.kind === 'add' && order.opened_on) throw conflict(`seat order ${order.id} took effect when its seats opened on ${order.opened_on}; return the seats instead`);
      if (order.kind === 'return' && order.effective_date < today) {
        throw conflict(`seat order ${order.id} took effect: its seats' last day of service was ${order.effective_date}`);
      }
      await markVoided(trx, 'seat_orders', order.id, voidMark(caller.actor, caller.clock.nowMs(), input.reason));
      await appendAudit(trx, caller.actor, caller.clock.nowMs(), { action: 'seat_order.voided', entity: 'seat_order', entityId: order.id, contractId: order.contract_id, reason: input.reason, data: input });
    }
    return seatOrderView((await seatOrders.get(trx, order.id))!, today);
  });
}
