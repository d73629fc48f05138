/**
 * Phone charges (§2.A6 电话费单算, SPEC §7): billed in arrears, one line per month and call type,
 * minutes × the contract's per-minute rate. A month is billed once it has ended before the
 * issue date (its last day < issuedOn); the final (and a supplementary) invoice bills every month on file. Calls
 * imported late grow a month's usage and bill the difference under the same key.
 */
import { assert } from '@seatlease/shared/src/assert';
import { formatYuan, roundHalfUp } from '@seatlease/shared/src/money';
import { isMonth, lastDayOfMonth, type Month } from '@seatlease/shared/src/dates';
import type { CallType } from '@seatlease/shared/src/billing-facts';
import type { EngineContext } from './context';
import { big } from './exact';
import { CALL_TYPE_LABELS } from './labels';
import { RANK, type OwedItem } from './types';

export function phoneItems(ctx: EngineContext): OwedItem[] {
  const { input, facts } = ctx;
  const totals = new Map<string, { month: Month; callType: CallType; calls: number; minutes: number }>();
  for (const u of input.usage) {
    assert(isMonth(u.month), `usage: bad month ${u.month}`);
    assert(Number.isSafeInteger(u.minutes) && u.minutes >= 0, 'usage minutes must be a non-negative integer');
    assert(Number.isSafeInteger(u.calls) && u.calls >= 0, 'usage calls must be a non-negative integer');
    if (input.kind !== 'final' && input.kind !== 'supplementary' && !(lastDayOfMonth(u.month) < input.issuedOn)) continue;
    const key = `phone:${u.month}:${u.callType}`;
    const t = totals.get(key) ?? { month: u.month, callType: u.callType, calls: 0, minutes: 0 };
    t.calls += u.calls;
    t.minutes += u.minutes;
    totals.set(key, t);
  }
  const items: OwedItem[] = [];
  for (const [ref, t] of totals) {
    const rateFen = facts.callRates[t.callType];
    assert(Number.isSafeInteger(rateFen) && rateFen >= 0, `call rate for ${t.callType} must be a non-negative integer`);
    const label = CALL_TYPE_LABELS[t.callType];
    items.push({
      ref,
      rank: RANK.phone,
      period: t.month,
      amountFen: roundHalfUp(big(t.minutes) * big(rateFen)),
      quantity: t.minutes,
      unitAmountFen: rateFen,
      formula: `${t.calls} 次通话 / calls, ${t.minutes} 分钟 × ${formatYuan(rateFen)}`,
      clause: '§2.A6',
      codeUp: 'phone_usage',
      codeDown: 'phone_usage',
      description: `电话费（${label.zh}） / Phone usage (${label.en})`,
    });
  }
  return items;
}
