/**
 * Invoice-level arithmetic: the final deposit settlement (SPEC §4), VAT on the taxable lines only (SPEC §2) and totals.
 */
import { assert } from '@seatlease/shared/src/assert';
import { assertFen, roundHalfUp, sumFen, type Fen } from '@seatlease/shared/src/money';
import type { InvoiceLine, LineCode } from '@seatlease/shared/src/billing-facts';
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

/**
 * SPEC §2: prices are tax-inclusive; tax = taxable − round(taxable / (1 + rate)). The argument is
 * the taxable amount (see taxSplit), never an invoice total that holds deposit lines. A negative
 * taxable amount (credits above charges) has a negative tax, rounded half away from zero.
 */
export function vatPart(taxableFen: Fen, vatRateBp: number): Fen {
  assertFen(taxableFen, 'taxable amount');
  assert(Number.isSafeInteger(vatRateBp) && vatRateBp >= 0, `VAT rate must be whole basis points, got ${vatRateBp}`);
  return taxableFen - roundHalfUp(big(taxableFen) * 10000n, 10000n + big(vatRateBp));
}

/**
 * SPEC §2 (corrected 2026-12-06): the deposit lines are money held, `credit_carried` is money
 * moved to or from the tenant's balance; neither is a supply, so neither carries VAT.
 */
export const UNTAXED_CODES: ReadonlySet<LineCode> = new Set<LineCode>(['deposit', 'deposit_topup', 'deposit_release', 'deposit_settlement', 'credit_carried']);
const DEPOSIT_CODES: ReadonlySet<LineCode> = new Set<LineCode>(['deposit', 'deposit_topup', 'deposit_release', 'deposit_settlement']);

export function isTaxable(code: LineCode): boolean {
  return !UNTAXED_CODES.has(code);
}

/** How an invoice's total divides between accounts (a finance team books each to its own). */
export interface TaxSplit {
  /** Sum of the taxable lines (revenue, credits against revenue): VAT included. */
  taxableFen: Fen;
  /** The VAT part of `taxableFen`. */
  vatFen: Fen;
  /** Sum of the deposit lines (held, topped up, released, settled): no VAT. */
  depositFen: Fen;
  /** Sum of the credit_carried lines (to or from the tenant's balance): no VAT. */
  creditCarriedFen: Fen;
}

export function taxSplit(lines: readonly Pick<InvoiceLine, 'code' | 'amountFen'>[], vatRateBp: number): TaxSplit {
  let taxableFen = 0;
  let depositFen = 0;
  let creditCarriedFen = 0;
  for (const l of lines) {
    assertFen(l.amountFen, `line ${l.code}`);
    if (DEPOSIT_CODES.has(l.code)) depositFen += l.amountFen;
    else if (l.code === 'credit_carried') creditCarriedFen += l.amountFen;
    else taxableFen += l.amountFen;
  }
  assertFen(taxableFen, 'taxable amount');
  return { taxableFen, vatFen: vatPart(taxableFen, vatRateBp), depositFen, creditCarriedFen };
}

/**
 * The taxable part and the tax of a credit note of `amountFen` against an invoice, pro rata to
 * the invoice's taxable share of its total, computed on the invoice's credited amount before
 * and after this note (docs/decisions/0016-vat-on-revenue-and-old-bills.md): the notes of one invoice, added up, never round
 * away from what the invoice itself carried — crediting a whole invoice credits exactly its
 * taxable amount and its tax. An invoice of deposit lines only gives notes without tax.
 */
export function creditNoteTax(
  invoice: { totalFen: Fen; taxableFen: Fen; vatRateBp: number },
  creditedBeforeFen: Fen,
  amountFen: Fen,
): { taxableFen: Fen; vatFen: Fen } {
  assertFen(amountFen, 'credit note amount');
  assert(amountFen > 0 && creditedBeforeFen >= 0, 'a credit note is positive');
  assert(creditedBeforeFen + amountFen <= invoice.totalFen, 'a credit note never exceeds its invoice');
  const share = (credited: Fen): Fen => roundHalfUp(big(invoice.taxableFen) * big(credited), big(invoice.totalFen));
  const before = share(creditedBeforeFen);
  const after = share(creditedBeforeFen + amountFen);
  return { taxableFen: after - before, vatFen: vatPart(after, invoice.vatRateBp) - vatPart(before, invoice.vatRateBp) };
}

/** An invoice total is the sum of its rounded lines (SPEC §1), never rounded again. */
export function sumLines(lines: readonly InvoiceLine[]): Fen {
  return sumFen(lines.map((l) => l.amountFen));
}
