/**
 * Termination damages (§8.X2, §9.2): 20% of the contract's total fees = monthly fee at the
 * notice date × seats live at the notice date × whole term in months × 20%, frozen by
 * contract-service at the notice date. Billed on the final invoice only: tenant breach and
 * termination for cause (§9.2) → a charge; Party A's breach → a credit; mutual (§9.1) → none.
 */
import { assert } from '@seatlease/shared/src/assert';
import { formatYuan, roundHalfUp } from '@seatlease/shared/src/money';
import { monthOf } from '@seatlease/shared/src/dates';
import type { EngineContext } from './context';
import { big, negate } from './exact';
import { RANK, type OwedItem } from './types';

export function damagesItems(ctx: EngineContext): OwedItem[] {
  const t = ctx.facts.termination;
  if (ctx.input.kind !== 'final' || t === null || t.kind === 'mutual') return [];
  assert(t.seatsLiveAtNotice >= 0 && t.termMonthsAtNotice >= 0 && t.monthlyFeeAtNoticeFen >= 0, 'damages inputs are never negative');
  const magnitude = roundHalfUp(
    big(t.monthlyFeeAtNoticeFen) * big(t.seatsLiveAtNotice) * big(t.termMonthsAtNotice) * 20n,
    100n,
  );
  const amountFen = t.kind === 'provider_breach' ? negate(magnitude) : magnitude;
  const description =
    t.kind === 'provider_breach'
      ? '甲方违约金 / Termination damages owed by Party A'
      : t.kind === 'for_cause'
        ? '违约金（甲方依约解除） / Termination damages (termination for cause)'
        : '违约金 / Termination damages';
  return [
    {
      ref: 'damages',
      rank: RANK.damages,
      period: monthOf(t.effectiveDate),
      amountFen,
      quantity: 1,
      unitAmountFen: amountFen,
      formula: `${t.seatsLiveAtNotice} 坐席 × ${formatYuan(t.monthlyFeeAtNoticeFen)} × ${t.termMonthsAtNotice} 月 × 20%`,
      clause: t.kind === 'for_cause' ? '§9.2' : '§8.X2',
      codeUp: 'termination_damages',
      codeDown: 'termination_damages',
      description,
    },
  ];
}
