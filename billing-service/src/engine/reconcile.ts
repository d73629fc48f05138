/**
 * Recompute and reconcile (STYLE habit 2, Kill Bill's repair items): what the facts say is owed
 * per key, minus what earlier invoices billed under that key; only non-zero differences become
 * lines. Feeding a run's output back into `alreadyBilled` makes every difference zero, so a
 * re-run emits nothing by construction. Issued lines are never edited.
 */
import { assert } from '@seatlease/shared/src/assert';
import { assertFen, formatYuan, type Fen } from '@seatlease/shared/src/money';
import type { InvoiceLine, LineCode } from '@seatlease/shared/src/billing-facts';
import { LABELS } from './labels';
import { RANK, type OwedItem } from './types';

/** credit_carried lines move money to and from the credit balance; they are never reconciled. */
function isReconciled(line: InvoiceLine): boolean {
  return line.code !== 'credit_carried' && !line.ref.startsWith('credit:');
}

interface Billed {
  amountFen: Fen;
  /** Σ quantity × sign(amount): lines store quantities unsigned and amounts signed. */
  signedQuantity: number;
  last: InvoiceLine;
}

export function billedByRef(alreadyBilled: readonly InvoiceLine[]): Map<string, Billed> {
  const out = new Map<string, Billed>();
  for (const line of alreadyBilled) {
    assertFen(line.amountFen, `billed line ${line.ref}`);
    if (!isReconciled(line)) continue;
    const prev = out.get(line.ref);
    const signedQuantity = Math.sign(line.amountFen) * line.quantity;
    out.set(line.ref, {
      amountFen: assertFen((prev?.amountFen ?? 0) + line.amountFen, `billed total of ${line.ref}`),
      signedQuantity: (prev?.signedQuantity ?? 0) + signedQuantity,
      last: line,
    });
  }
  return out;
}

function rankOf(ref: string): number {
  const prefix = ref.split(':')[0];
  switch (prefix) {
    case 'deposit':
      return RANK.deposit;
    case 'rent':
      return RANK.rent;
    case 'outage':
      return RANK.outage;
    case 'fm':
      return RANK.forceMajeure;
    case 'penalty':
      return RANK.penalty;
    case 'phone':
      return RANK.phone;
    case 'oneoff':
      return RANK.oneOff;
    case 'damages':
      return RANK.damages;
    default:
      return RANK.unknown;
  }
}

const NO_LONGER_OWED = '不再应收 / no longer owed';

/** A key billed earlier that the facts no longer owe (e.g. a deleted one-off): reverse it. */
function noLongerOwed(ref: string, last: InvoiceLine): OwedItem {
  let codeUp: LineCode = last.code;
  let codeDown: LineCode = last.code;
  if (ref.startsWith('rent:')) {
    codeUp = 'rent';
    codeDown = 'return_adjustment';
  } else if (ref === 'deposit') {
    codeUp = 'deposit_topup';
    codeDown = 'deposit_release';
  }
  return {
    ref,
    rank: rankOf(ref),
    period: last.period,
    amountFen: 0,
    quantity: 0,
    unitAmountFen: 0,
    formula: NO_LONGER_OWED,
    clause: last.clause,
    ...(ref.startsWith('rent:') ? { clauseDown: '§6.5' } : {}),
    codeUp,
    codeDown,
    ...(codeUp === last.code && codeDown === last.code ? { description: last.description } : {}),
  };
}

export interface ReconcileOptions {
  /** Keys settled elsewhere on this invoice (the deposit on a final invoice). */
  skipRefs?: ReadonlySet<string>;
}

export function reconcile(
  owed: readonly OwedItem[],
  alreadyBilled: readonly InvoiceLine[],
  options: ReconcileOptions = {},
): InvoiceLine[] {
  const skip = options.skipRefs ?? new Set<string>();
  const owedByRef = new Map<string, OwedItem>();
  for (const item of owed) {
    assert(!owedByRef.has(item.ref), `duplicate reconciliation key ${item.ref}`);
    assert(!item.ref.startsWith('credit:'), `key ${item.ref} is reserved for credit_carried`);
    assertFen(item.amountFen, `owed ${item.ref}`);
    owedByRef.set(item.ref, item);
  }
  const billed = billedByRef(alreadyBilled);

  const lines: Array<InvoiceLine & { rank: number }> = [];
  for (const ref of new Set([...owedByRef.keys(), ...billed.keys()])) {
    if (skip.has(ref)) continue;
    const b = billed.get(ref);
    const item = owedByRef.get(ref) ?? noLongerOwed(ref, b!.last);
    const billedFen = b?.amountFen ?? 0;
    const diffFen = assertFen(item.amountFen - billedFen, `difference of ${ref}`);
    if (diffFen === 0) continue;

    const code = diffFen > 0 ? item.codeUp : item.codeDown;
    let quantity: number;
    let unitAmountFen: Fen;
    let formula: string;
    if (billedFen === 0) {
      quantity = item.quantity;
      unitAmountFen = item.unitAmountFen;
      formula = item.formula;
    } else {
      // A difference: show its quantity when the change in quantity explains it exactly (added
      // seats, late calls), else one unit of the difference.
      const deltaQuantity = Math.sign(item.amountFen) * item.quantity - (b?.signedQuantity ?? 0);
      const unit = Math.abs(item.unitAmountFen);
      if (deltaQuantity !== 0 && unit !== 0 && Math.abs(deltaQuantity) * unit === Math.abs(diffFen)) {
        quantity = Math.abs(deltaQuantity);
        unitAmountFen = Math.sign(diffFen) * unit;
      } else {
        quantity = 1;
        unitAmountFen = diffFen;
      }
      const owedPart = item.formula === NO_LONGER_OWED ? item.formula : `${item.formula} = ${formatYuan(item.amountFen)}`;
      formula = `${owedPart}; 已计费 / billed ${formatYuan(billedFen)}`;
    }
    lines.push({
      rank: item.rank,
      code,
      description: item.description ?? LABELS[code],
      quantity,
      unitAmountFen,
      amountFen: diffFen,
      period: item.period,
      clause: diffFen < 0 && item.clauseDown ? item.clauseDown : item.clause,
      formula,
      ref,
    });
  }
  lines.sort((a, b) => a.rank - b.rank || cmp(a.period, b.period) || cmp(a.ref, b.ref));
  return lines.map(({ rank: _rank, ...line }) => line);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
