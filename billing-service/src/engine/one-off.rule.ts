/**
 * One-off charges and credits added by staff (§5.1 custom work, §8.B3 equipment damage at the
 * maker's quote, anything else): billed as given, sign kept, on the first invoice issued on or
 * after the day they were created.
 */
import { assertFen, formatYuan } from '@seatlease/shared/src/money';
import { monthOf } from '@seatlease/shared/src/dates';
import type { EngineContext } from './context';
import { RANK, type OwedItem } from './types';

export function oneOffItems(ctx: EngineContext): OwedItem[] {
  const items: OwedItem[] = [];
  for (const c of ctx.facts.oneOffCharges) {
    if (c.createdOn > ctx.input.issuedOn) continue;
    const amountFen = assertFen(c.amountFen, `one-off ${c.id}`);
    const zh = amountFen < 0 ? '一次性抵扣' : '一次性费用';
    const en = amountFen < 0 ? 'One-off credit' : 'One-off charge';
    // Staff often write both languages as `中文 / English`: each half goes to its own language.
    const [zhText, enText] = splitBilingual(c.description);
    items.push({
      ref: `oneoff:${c.id}`,
      rank: RANK.oneOff,
      period: monthOf(c.createdOn),
      amountFen,
      quantity: 1,
      unitAmountFen: amountFen,
      formula: formatYuan(amountFen),
      clause: c.clause ?? '—',
      codeUp: 'one_off',
      codeDown: 'one_off',
      description: `${zh}：${zhText} / ${en}: ${enText}`,
    });
  }
  return items;
}

/** `耳麦损坏 / headset damage` → both halves; a one-language text serves both. */
export function splitBilingual(text: string): [string, string] {
  const at = text.indexOf(' / ');
  if (at < 0) return [text, text];
  return [text.slice(0, at).trim(), text.slice(at + 3).trim()];
}
