/**
 * Points are exact decimals in the seed (0.1 per camera, 0.5 per node, 1, 2, 3, 5, 10 …): they
 * are held as integer tenths of a point everywhere (code, database, API), never as floats, and
 * written as a decimal only at the edge.
 */
import { assert } from '@seatlease/shared';

/** Tenths of a point, an integer. */
export type Tenths = number;

export const TENTHS_PER_POINT = 10;

/** 125 → "12.5", -5 → "-0.5", 600 → "60.0". */
export function formatTenths(tenths: Tenths): string {
  assert(Number.isSafeInteger(tenths), `points must be whole tenths, got ${tenths}`);
  const sign = tenths < 0 ? '-' : '';
  const abs = Math.abs(tenths);
  return `${sign}${Math.trunc(abs / 10)}.${abs % 10}`;
}

/** Clamps a part's points into [0, max] (一(五): 以每一项考核所占分值为限,扣完为止). */
export function clampTenths(value: Tenths, max: Tenths): Tenths {
  return Math.min(max, Math.max(0, value));
}

/** n / d rounded half away from zero, on integers (one rounding point, documented where used). */
export function divideHalfUp(n: number, d: number): number {
  assert(Number.isSafeInteger(n) && Number.isSafeInteger(d) && d > 0, `bad division ${n}/${d}`);
  const q = Math.trunc(Math.abs(n) / d);
  const r = Math.abs(n) % d;
  const rounded = 2 * r >= d ? q + 1 : q;
  return n < 0 ? -rounded : rounded;
}

/** A rational n/d as a decimal with `places` decimals, half-up (for showing a benchmark). */
export function formatRatio(n: number, d: number, places = 2): string {
  const scale = 10 ** places;
  const scaled = divideHalfUp(n * scale, d);
  const sign = scaled < 0 ? '-' : '';
  const abs = Math.abs(scaled);
  const whole = Math.trunc(abs / scale);
  const frac = String(abs % scale).padStart(places, '0').replace(/0+$/, '');
  return `${sign}${whole}${frac ? `.${frac}` : ''}`;
}
