import { randomUUID } from 'node:crypto';
import {
  firstDayOfMonth,
  idOr404,
  InvariantError,
  parseWith,
  ruleBroken,
  today as todayOf,
  exactlyOnce,
} from '@seatlease/shared';
import { contracts, seatOrders } from '../contracts/contract.repository';
import { appendAudit } from '../audit/audit.repository';
import { loadContractState, seatsInService } from '../contracts/contract-state';
import { checkSeatOrderNotice } from '../contracts/notice';
import { newSeatOrder, seatSpans } from '../contracts/contract-model';
import type { Caller, Deps } from '../deps';
import { assertOpenForChanges, seatOrderView } from './seat-order-support';
import { SeatOrderCreate as orderBody } from '@seatlease/shared/src/api';

/** §6.4 (5 days' notice, full month for adds) and §6.5 (returns); seats never go below zero. */
export async function placeSeatOrder(deps: Deps, caller: Caller, contractId: string, body: unknown) {
  const input = parseWith(orderBody, body);
  const today = todayOf(caller.clock);
  const id = randomUUID();
  return exactlyOnce(deps.knex, caller.once, async (trx) => {
    await contracts.lock(trx, idOr404(contractId, 'contract'));
    const state = await loadContractState(trx, contractId, today);
    assertOpenForChanges(state);
    checkSeatOrderNotice('effectiveDate', input.effectiveDate, today, input.overrideReason);
    const start = firstDayOfMonth(state.row.start_month);
    if (input.effectiveDate < start || input.effectiveDate > state.lastDay) {
      throw ruleBroken('effectiveDate', `must fall inside the contract's service, ${start} to ${state.lastDay}`);
    }
    const row = newSeatOrder({
      id,
      contractId: state.row.id,
      kind: input.kind,
      quantity: input.quantity,
      effectiveDate: input.effectiveDate,
      initial: false,
      overrideReason: input.overrideReason,
    });
    if (input.kind === 'return') {
      const live = seatsInService(state, input.effectiveDate);
      if (input.quantity > live) {
        throw ruleBroken('quantity', `only ${live} seats are live on ${input.effectiveDate}; cannot return ${input.quantity}`, { liveSeats: live });
      }
      try {
        seatSpans([...state.orders, { ...row, created_at: new Date(caller.clock.nowMs()) }], state.lastDay);
      } catch (e) {
        if (!(e instanceof InvariantError)) throw e;
        throw ruleBroken('quantity', 'with the returns already scheduled, this return would take the seat count below zero');
      }
    }
    await seatOrders.insert(trx, { ...row, created_at: new Date(caller.clock.nowMs()) });
    await appendAudit(trx, caller.actor, caller.clock.nowMs(), {
      action: `seat_order.${input.kind}`,
      entity: 'seat_order',
      entityId: id,
      contractId: state.row.id,
      reason: input.overrideReason ?? null,
      data: input,
    });
    return seatOrderView((await seatOrders.get(trx, id))!, today);
  });
}
