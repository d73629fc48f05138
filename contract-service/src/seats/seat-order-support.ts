import { conflict, idOr404, notFound } from '@seatlease/shared';
import { contracts, seatOrders } from '../contracts/contract.repository';
import { type ContractState } from '../contracts/contract-state';
import { type SeatOrderRow } from '../contracts/contract-model';
import type { Deps } from '../deps';
import { voidView } from '../events/void-support';

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
    ...voidView(o),
  };
}

export function assertOpenForChanges(state: ContractState): void {
  if (state.status === 'terminated' || state.status === 'expired') {
    throw conflict(`contract ${state.row.id} is ${state.status}; it takes no more changes`);
  }
}

export async function lockOrder(trx: Parameters<Parameters<Deps['knex']['transaction']>[0]>[0], orderId: string) {
  const order = await seatOrders.get(trx, idOr404(orderId, 'seat order'));
  if (!order) throw notFound(`seat order ${orderId}`);
  await contracts.lock(trx, order.contract_id);
  return (await seatOrders.get(trx, orderId))!;
}

/** A voided order takes no more changes (SPEC §5: kept as it was voided). */
export function assertNotVoided(order: SeatOrderRow): void {
  if (order.voided_at) throw conflict(`seat order ${order.id} was voided (${order.void_reason}); it takes no more changes`);
}
