/**
 * A month's scorecard from its events and workload lines (pure: no database, no clock).
 *
 * 一(三): 百分制, 每项、次 — each item's points times its count; 一(五): each part is limited
 * to its points and deductions stop at zero (以每一项考核所占分值为限,扣完为止). A part's score is
 * its points plus the month's deductions and bonuses, clamped into [0, its points]: bonuses
 * never lift a part above its points, deductions never take it below 0. The clamp is applied
 * to the month's sum, not event by event, so the order in which events were recorded never
 * changes a score (docs/decisions/0035).
 */
import { assert } from '@seatlease/shared';
import { PARTS, type CatalogueItem, type Part } from './catalogue';
import { clampTenths, type Tenths } from './points';

export interface ScoredEvent {
  itemCode: string;
  count: number;
  /** 二(三)4, 5: the agent found, reported and corrected the error themselves. */
  selfReported: boolean;
}

/** A computed workload line (rules/workload.ts): `units` may be negative (below the benchmark). */
export interface WorkloadLine {
  itemCode: string;
  units: number;
  detail: Record<string, unknown>;
}

export interface ScorecardLine {
  itemCode: string;
  part: Part;
  clause: string;
  title: string;
  /** Occurrences (or units); for workload lines, signed units above (+) or below (−) the benchmark. */
  count: number;
  /** Points of one unit, as the catalogue version says. */
  unitTenths: Tenths;
  selfReported: boolean;
  /** count × unit, halved for a self-reported error. */
  pointsTenths: Tenths;
  detail?: Record<string, unknown>;
}

export interface PartScore {
  part: Part;
  title: string;
  clause: string;
  maxTenths: Tenths;
  deductionsTenths: Tenths;
  bonusesTenths: Tenths;
  /** max + deductions + bonuses, before the clamp. */
  uncappedTenths: Tenths;
  scoreTenths: Tenths;
}

export interface MonthScore {
  totalTenths: Tenths;
  parts: PartScore[];
  lines: ScorecardLine[];
}

/** Points of `count` occurrences of an item, halved when self-reported (only halvable items). */
export function eventPoints(item: CatalogueItem, count: number, selfReported: boolean): Tenths {
  assert(Number.isSafeInteger(count), 'count must be an integer');
  const full = item.pointsTenths * count;
  if (!selfReported) return full;
  assert(item.halvable && item.pointsTenths < 0, `${item.code} cannot be halved`);
  // Every halvable item is a whole number of points (1 or 2), so half is whole tenths: exact.
  assert(full % 2 === 0, `half of ${full} tenths is not whole tenths`);
  return full / 2;
}

export function scoreMonth(catalogue: ReadonlyMap<string, CatalogueItem>, events: readonly ScoredEvent[], workload: readonly WorkloadLine[]): MonthScore {
  // One line per (item, self-reported or not), in catalogue order.
  const byKey = new Map<string, ScorecardLine>();
  const add = (item: CatalogueItem, count: number, selfReported: boolean, detail?: Record<string, unknown>) => {
    const key = `${item.code}|${selfReported}`;
    const line = byKey.get(key) ?? {
      itemCode: item.code,
      part: item.part,
      clause: item.clause,
      title: item.title,
      count: 0,
      unitTenths: item.pointsTenths,
      selfReported,
      pointsTenths: 0,
      ...(detail ? { detail } : {}),
    };
    line.count += count;
    line.pointsTenths += eventPoints(item, count, selfReported);
    byKey.set(key, line);
  };
  for (const e of events) {
    const item = catalogue.get(e.itemCode);
    assert(item !== undefined && item.source === 'event', `event item ${e.itemCode} is not in the catalogue`);
    add(item, e.count, e.selfReported);
  }
  for (const w of workload) {
    const item = catalogue.get(w.itemCode);
    assert(item !== undefined && item.source === 'workload', `workload item ${w.itemCode} is not in the catalogue`);
    add(item, w.units, false, w.detail);
  }
  const order = [...catalogue.keys()];
  const lines = [...byKey.values()].sort((a, b) => order.indexOf(a.itemCode) - order.indexOf(b.itemCode) || Number(a.selfReported) - Number(b.selfReported));

  const parts: PartScore[] = PARTS.map((p) => {
    const mine = lines.filter((l) => l.part === p.part);
    const deductionsTenths = mine.filter((l) => l.pointsTenths < 0).reduce((s, l) => s + l.pointsTenths, 0);
    const bonusesTenths = mine.filter((l) => l.pointsTenths > 0).reduce((s, l) => s + l.pointsTenths, 0);
    const uncappedTenths = p.maxTenths + deductionsTenths + bonusesTenths;
    return { part: p.part, title: p.title, clause: p.clause, maxTenths: p.maxTenths, deductionsTenths, bonusesTenths, uncappedTenths, scoreTenths: clampTenths(uncappedTenths, p.maxTenths) };
  });
  const totalTenths = parts.reduce((s, p) => s + p.scoreTenths, 0);
  assert(totalTenths >= 0 && totalTenths <= 1000, `a month scores 0..100 points, got ${totalTenths} tenths`);
  return { totalTenths, parts, lines };
}
