/**
 * Late opening penalty (§8.A1): Party A owes 5‰ of the monthly fee per seat of the order for
 * every day late (daysLate already excludes honoured force-majeure days, §8.X4), unless staff
 * excused the delay (resources unavailable). Fee = the fee in force in the month of opening.
 */
import { latePenaltyFen } from '@seatlease/shared/src/clauses';
import { formatYuan } from '@seatlease/shared/src/money';
import { monthOf } from '@seatlease/shared/src/dates';
import { assert } from '@seatlease/shared/src/assert';
import type { EngineContext } from './context';
import { negate } from './exact';
import { RANK, type OwedItem } from './types';

export function penaltyItems(ctx: EngineContext): OwedItem[] {
  const items: OwedItem[] = [];
  for (const order of ctx.facts.seatOrders) {
    if (order.kind !== 'add' || order.openedOn === null || order.excused) continue;
    if (order.status === 'cancelled' || order.daysLate <= 0) continue;
    if (order.openedOn > ctx.input.issuedOn) continue; // not known to have happened yet
    assert(Number.isSafeInteger(order.daysLate), `order ${order.id}: daysLate must be an integer`);
    assert(Number.isSafeInteger(order.quantity) && order.quantity > 0, `order ${order.id}: bad quantity`);
    const month = monthOf(order.openedOn);
    const feeFen = ctx.fee(month);
    // fee × seats × 5‰ × days, exact, rounded once (the kernel's one formula).
    const perDayFen = latePenaltyFen(feeFen, order.quantity, 1); // informational
    const amountFen = negate(latePenaltyFen(feeFen, order.quantity, order.daysLate));
    items.push({
      ref: `penalty:${order.id}`,
      rank: RANK.penalty,
      period: month,
      amountFen,
      quantity: order.daysLate,
      unitAmountFen: negate(perDayFen),
      formula: `${order.quantity} 坐席 × ${formatYuan(feeFen)} × 5‰ × ${order.daysLate} 天`,
      clause: '§8.A1',
      codeUp: 'late_opening_penalty',
      codeDown: 'late_opening_penalty',
    });
  }
  return items;
}
