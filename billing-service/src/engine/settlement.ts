/**
 * Invoice-level arithmetic: the final deposit settlement (SPEC §4), VAT (SPEC §2) and totals.
 */
import { assert } from '@seatlease/shared/src/assert';
import { assertFen, roundHalfUp, sumFen, type Fen } from '@seatlease/shared/src/money';
import type { InvoiceLine } from '@seatlease/shared/src/billing-facts';
import { big } from './exact';
import type { FinalSettlement } from './types';

/**
 * SPEC §4: at the contract's end the whole deposit settles the final balance and any remainder
 * is refunded. The deposit pays at most the final invoice's other lines (when they are a
 * positive balance); what is left is a refund that billing-service records (status `pending`),
 * never an invoice line.
 */
export function finalSettlement(depositHeldFen: Fen, otherLinesSubtotalFen: Fen): FinalSettlement {
  assertFen(depositHeldFen, 'deposit held');
  assertFen(otherLinesSubtotalFen, 'final subtotal');
  assert(depositHeldFen >= 0, `deposit held is never negative, got ${depositHeldFen}`);
  const settledFen = Math.min(depositHeldFen, Math.max(0, otherLinesSubtotalFen));
  return { depositHeldFen, settledFen, refundFen: depositHeldFen - settledFen };
}

/** SPEC §2: prices are tax-inclusive; tax = total − round(total / (1 + rate)). */
export function vatPart(totalFen: Fen, vatRateBp: number): Fen {
  assertFen(totalFen, 'total');
  assert(Number.isSafeInteger(vatRateBp) && vatRateBp >= 0, `VAT rate must be whole basis points, got ${vatRateBp}`);
  return totalFen - roundHalfUp(big(totalFen) * 10000n, 10000n + big(vatRateBp));
}

/** An invoice total is the sum of its rounded lines (SPEC §1), never rounded again. */
export function sumLines(lines: readonly InvoiceLine[]): Fen {
  return sumFen(lines.map((l) => l.amountFen));
}
