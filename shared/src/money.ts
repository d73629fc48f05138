/**
 * Money is integer fen (分) everywhere (SPEC §1, STYLE habit 4). Exact arithmetic happens on
 * bigint numerators and denominators; `roundHalfUp` is the one rounding point of a line.
 */
import { assert } from './assert';

/** An integer number of fen. Safe-integer checked at every boundary. */
export type Fen = number;

export function assertFen(value: number, what = 'amount'): Fen {
  assert(Number.isSafeInteger(value), `${what} must be an integer number of fen, got ${value}`);
  return value;
}

/**
 * Rounds the exact rational `numerator / denominator` half-up (四舍五入) to a whole fen.
 * Half-up means away from zero at exactly .5, so a credit rounds like the charge it mirrors:
 * 6666.5 → 6667 and −6666.5 → −6667.
 */
export function roundHalfUp(numerator: bigint, denominator: bigint = 1n): Fen {
  assert(denominator !== 0n, 'roundHalfUp: zero denominator');
  if (denominator < 0n) {
    numerator = -numerator;
    denominator = -denominator;
  }
  const negative = numerator < 0n;
  const abs = negative ? -numerator : numerator;
  const quotient = (2n * abs + denominator) / (2n * denominator);
  const result = Number(negative ? -quotient : quotient);
  return assertFen(result, 'rounded amount');
}

export function sumFen(values: readonly Fen[]): Fen {
  let total = 0;
  for (const v of values) total += v;
  return assertFen(total, 'sum');
}

/** `¥2,000.00`, `-¥1,200.00` — for formulas, PDFs and mails. */
export function formatYuan(fen: Fen): string {
  assertFen(fen);
  const negative = fen < 0;
  const abs = Math.abs(fen);
  const yuan = Math.trunc(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = (abs % 100).toString().padStart(2, '0');
  return `${negative ? '-' : ''}¥${yuan}.${cents}`;
}
