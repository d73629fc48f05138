/**
 * Exact integer helpers. Amounts are computed as bigint numerators over a fixed denominator and
 * rounded once per line with `roundHalfUp` (SPEC §1); nothing here rounds.
 */
import { assert } from '@seatlease/shared/src/assert';

/** A safe integer as bigint (every fen amount and count entering exact arithmetic). */
export function big(value: number, what = 'value'): bigint {
  assert(Number.isSafeInteger(value), `${what} must be a safe integer, got ${value}`);
  return BigInt(value);
}

export function minBig(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

/** −x without producing −0 (chai's deep equality and JSON tell −0 from 0). */
export function negate(value: number): number {
  return value === 0 ? 0 : -value;
}
