/**
 * Deposit (押一付一, §2.A6; due before opening, §6.2): one month's fee per seat, following the
 * seat count (SPEC §4), reconciled under the single key `deposit`.
 *
 * Target = fee in force for the period × the most seats live (forecast included) on any day of
 * the period — for monthly invoices too, not "seats live on the 1st": seats opening mid-period
 * then get their top-up on the same invoice as their first rent (SPEC §4 "on the next invoice"),
 * and a forecast opening that slips into the next month does not release and re-bill the
 * deposit. The opening invoice's target is at least every seat of the initial order(s), so
 * it holds "a deposit for every contracted seat" even if the seats are forecast to open in a
 * later month than the period. Final invoices have no deposit item: the whole deposit settles
 * the final balance instead (settlement.ts).
 */
import { formatYuan, roundHalfUp } from '@seatlease/shared/src/money';
import type { EngineContext } from './context';
import { big } from './exact';
import { maxSeatsLiveIn } from './seats';
import { RANK, type OwedItem } from './types';

export function depositItem(ctx: EngineContext): OwedItem | null {
  const { input, facts } = ctx;
  if (input.kind === 'final') return null;
  let seats = maxSeatsLiveIn(ctx.spans, input.period);
  if (input.kind === 'opening') {
    let initial = 0;
    for (const o of facts.seatOrders) {
      if (o.initial && o.kind === 'add' && o.status !== 'cancelled') initial += o.quantity;
    }
    seats = Math.max(seats, initial);
  }
  const feeFen = ctx.fee(input.period);
  return {
    ref: 'deposit',
    rank: RANK.deposit,
    period: input.period,
    amountFen: roundHalfUp(big(seats) * big(feeFen)),
    quantity: seats,
    unitAmountFen: feeFen,
    formula: `${seats} 坐席 × ${formatYuan(feeFen)}`,
    clause: '§2.A6',
    codeUp: input.kind === 'opening' ? 'deposit' : 'deposit_topup',
    codeDown: 'deposit_release',
  };
}
