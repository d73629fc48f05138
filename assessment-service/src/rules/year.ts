/**
 * The year (一(九), 一(十)), pure: 年终考核以月度考核为基础,结合年终测评后确定年终考核结果;
 * 考核结果为优秀工作者,给予精神和物质奖励;连续两年考核不及格者予以辞退.
 *
 * The seed gives no weights or bands, so they are a tenant's settings (docs/decisions/0038):
 * year score = monthly average × (100 − w)% + year-end evaluation × w%, rounded half-up to a
 * tenth once; excellent at or above one band, failing below another. Without a year-end entry
 * the year is provisional (no band). Two failing years in a row raise a flag for HR: the
 * document's consequence (辞退) is a decision for people, not software.
 */
import { divideHalfUp, type Tenths } from './points';

export interface YearBands {
  excellentFromTenths: Tenths;
  failBelowTenths: Tenths;
  /** Weight of the year-end evaluation, in percent (0–100). */
  yearEndWeightPercent: number;
}

export const DEFAULT_BANDS: YearBands = { excellentFromTenths: 900, failBelowTenths: 600, yearEndWeightPercent: 30 };

export type Band = 'excellent' | 'pass' | 'fail';

export interface YearResult {
  monthsCounted: number;
  monthlyAverageTenths: Tenths | null;
  yearEndTenths: Tenths | null;
  scoreTenths: Tenths | null;
  band: Band | null;
  provisional: boolean;
}

export function yearResult(monthTotals: readonly Tenths[], yearEndTenths: Tenths | null, bands: YearBands): YearResult {
  const n = monthTotals.length;
  const sum = monthTotals.reduce((s, t) => s + t, 0);
  const monthlyAverageTenths = n === 0 ? null : divideHalfUp(sum, n);
  if (n === 0 || yearEndTenths === null) {
    return { monthsCounted: n, monthlyAverageTenths, yearEndTenths, scoreTenths: null, band: null, provisional: true };
  }
  const w = bands.yearEndWeightPercent;
  // (sum / n) × (100 − w) / 100 + yearEnd × w / 100, as one fraction over 100n: one rounding.
  const scoreTenths = divideHalfUp(sum * (100 - w) + yearEndTenths * w * n, 100 * n);
  return { monthsCounted: n, monthlyAverageTenths, yearEndTenths, scoreTenths, band: bandOf(scoreTenths, bands), provisional: false };
}

export function bandOf(scoreTenths: Tenths, bands: YearBands): Band {
  if (scoreTenths >= bands.excellentFromTenths) return 'excellent';
  if (scoreTenths < bands.failBelowTenths) return 'fail';
  return 'pass';
}

/** 一(十): 连续两年考核不及格 — this year and the one before both final and failing. */
export function twoFailingYears(thisYear: YearResult, previousYear: YearResult): boolean {
  return thisYear.band === 'fail' && previousYear.band === 'fail';
}
