import { randomUUID } from 'node:crypto';
import {
  conflict,
  firstDayOfMonth,
  idOr404,
  InvariantError,
  isoDate,
  monthOf,
  notFound,
  parseWith,
  ruleBroken,
  text,
  today as todayOf,
  z,
} from '@seatlease/shared';
import { contracts, seatOrders } from '../contracts/contract.repository';
import { appendAudit } from '../audit/audit.repository';
import { loadContractState, liveSeats, type ContractState } from '../contracts/contract-state';
import { checkSeatOrderNotice } from '../contracts/notice';
import { daysLate, latePenaltyFen, monthlyFee, newSeatOrder, seatSpans, type SeatOrderRow } from '../contracts/contract-model';
import type { Caller, Deps } from '../deps';

export function seatOrderView(o: SeatOrderRow, today: string) {
  const status =
    o.kind === 'add' ? (o.opened_on ? 'opened' : 'pending') : o.effective_date < today ? 'completed' : 'scheduled';
  return {
    id: o.id,
    contractId: o.contract_id,
    kind: o.kind,
    quantity: o.quantity,
    effectiveDate: o.effective_date,
    status,
    initial: o.initial,
    openedOn: o.opened_on,
    daysLate: o.kind === 'add' ? o.days_late : null,
    penalty: o.kind === 'add' ? o.penalty_fen : null,
    excused: o.excused,
    excuseReason: o.excuse_reason,
    overrideReason: o.override_reason,
    currency: 'CNY',
  };
}

export function assertOpenForChanges(state: ContractState): void {
  if (state.status === 'terminated' || state.status === 'expired') {
    throw conflict(`contract ${state.row.id} is ${state.status}; it takes no more changes`);
  }
}

const orderBody = z
  .object({
    kind: z.enum(['add', 'return'], { message: 'must be add or return' }),
    quantity: z.number().int({ message: 'must be a whole number of seats' }).min(1, { message: 'must be at least 1' }).max(10_000, { message: 'must be at most 10000' }),
    effectiveDate: isoDate(),
    overrideReason: text(500).optional(),
  })
  .strict();

/** §6.4 (5 days' notice, full month for adds) and §6.5 (returns); seats never go below zero. */
export async function placeSeatOrder(deps: Deps, caller: Caller, contractId: string, body: unknown) {
  const input = parseWith(orderBody, body);
  const today = todayOf(caller.clock);
  const id = randomUUID();
  await deps.knex.transaction(async (trx) => {
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
      const live = liveSeats(state, input.effectiveDate);
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
    await seatOrders.insert(trx, row);
    await appendAudit(trx, caller.actor, caller.clock.nowMs(), {
      action: `seat_order.${input.kind}`,
      entity: 'seat_order',
      entityId: id,
      contractId: state.row.id,
      reason: input.overrideReason ?? null,
      data: input,
    });
  });
  return seatOrderView((await seatOrders.get(deps.knex, id))!, today);
}

export async function listSeatOrders(deps: Deps, caller: Caller, contractId: string) {
  const today = todayOf(caller.clock);
  const state = await loadContractState(deps.knex, contractId, today, caller.scopeTenantId);
  return { data: state.orders.map((o) => seatOrderView(o, today)) };
}

async function lockOrder(deps: Deps, trx: Parameters<Parameters<Deps['knex']['transaction']>[0]>[0], orderId: string) {
  const order = await seatOrders.get(trx, idOr404(orderId, 'seat order'));
  if (!order) throw notFound(`seat order ${orderId}`);
  await contracts.lock(trx, order.contract_id);
  return (await seatOrders.get(trx, orderId))!;
}

const openBody = z.object({ openedOn: isoDate() }).strict();

/**
 * §8.A1: opening later than requested, while resources were available, costs Party A 5‰ of the
 * monthly fee per seat per day; days under honoured force majeure do not count (§8.X4).
 */
export async function openSeatOrder(deps: Deps, caller: Caller, orderId: string, body: unknown) {
  const input = parseWith(openBody, body);
  const today = todayOf(caller.clock);
  const result = await deps.knex.transaction(async (trx) => {
    const order = await lockOrder(deps, trx, orderId);
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

const excuseBody = z.object({ reason: text(500) }).strict();

/** §8.A1 applies only "while resources were available": staff record that they were not. */
export async function excuseSeatOrder(deps: Deps, caller: Caller, orderId: string, body: unknown) {
  const input = parseWith(excuseBody, body);
  const today = todayOf(caller.clock);
  return deps.knex.transaction(async (trx) => {
    const order = await lockOrder(deps, trx, orderId);
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
