/**
 * The workload benchmark (二(三)12–13), pure. Input: the month's recorded days, one row per
 * agent, day and role on duty with the cases handled in that role that day.
 *
 * 二(三)12 (受理员, 派遣员): benchmark = the role's total handled in the month ÷ the role's total
 * attendance (days actually on duty, summed over the role's agents). An agent's expected work is
 * benchmark × their own days; each case above it +0.5, each case below −0.5. "每条" counts whole
 * cases: the difference is cut toward zero (docs/decisions/0036). Exact arithmetic on integers:
 *   difference = handled − total × days ÷ attendance = (handled × attendance − total × days) ÷ attendance.
 * Example: 4 intake agents handled 900 cases in 80 attendance days → 11.25 a day; an agent with
 * 20 days and 250 cases was expected to do 225, is 25 above → +12.5.
 *
 * 二(三)13 (值班长, 指挥长): benchmark = the role's total handled ÷ the days of the month. The
 * agent's own average per day on duty is compared with it once for the month: above +0.5,
 * below −0.5, equal 0. Someone who also worked as 受理员/派遣员 is scored in those roles by
 * 二(三)12 as well, and the lines add up (两者之和即为考核总分).
 */
import { assert, daysInMonth, type Month } from '@seatlease/shared';
import type { AgentRole } from './catalogue';
import { formatRatio } from './points';
import type { WorkloadLine } from './scorecard';

export interface WorkdayRow {
  agentId: string;
  role: AgentRole;
  workDate: string;
  handled: number;
}

export interface RoleBenchmark {
  role: AgentRole;
  totalHandled: number;
  /** 二(三)12: attendance days summed over the role's agents; 二(三)13: days of the month. */
  divisorDays: number;
  /** total ÷ divisor, for reading (half-up, 2 decimals); scoring uses the exact fraction. */
  benchmark: string;
}

const PER_CASE_ROLES: readonly AgentRole[] = ['intake', 'dispatcher'];

export function roleBenchmarks(rows: readonly WorkdayRow[], month: Month): RoleBenchmark[] {
  const result: RoleBenchmark[] = [];
  for (const role of ['intake', 'dispatcher', 'shift_lead', 'commander'] as const) {
    const mine = rows.filter((r) => r.role === role);
    if (mine.length === 0) continue;
    const totalHandled = mine.reduce((s, r) => s + r.handled, 0);
    const divisorDays = PER_CASE_ROLES.includes(role) ? mine.length : daysInMonth(month);
    result.push({ role, totalHandled, divisorDays, benchmark: formatRatio(totalHandled, divisorDays) });
  }
  return result;
}

/** The workload lines of one agent for the month (none if they recorded no days). */
export function workloadLines(rows: readonly WorkdayRow[], month: Month, agentId: string): WorkloadLine[] {
  return workloadLinesOfAll(rows, month).get(agentId) ?? [];
}

/**
 * The workload lines of every agent with days in the month, the benchmarks computed once (a
 * publication scores a whole centre: 1,000 agents must not recompute 1,000 benchmarks).
 */
export function workloadLinesOfAll(rows: readonly WorkdayRow[], month: Month): Map<string, WorkloadLine[]> {
  const own = new Map<AgentRole, Map<string, { handled: number; days: number }>>();
  for (const r of rows) {
    const ofRole = own.get(r.role) ?? new Map<string, { handled: number; days: number }>();
    const o = ofRole.get(r.agentId) ?? { handled: 0, days: 0 };
    o.handled += r.handled;
    o.days += 1;
    ofRole.set(r.agentId, o);
    own.set(r.role, ofRole);
  }
  const out = new Map<string, WorkloadLine[]>();
  for (const b of roleBenchmarks(rows, month)) {
    for (const [agentId, { handled, days }] of own.get(b.role) ?? []) {
      const lines = out.get(agentId) ?? [];
      out.set(agentId, lines);
      const detail = { role: b.role, benchmark: b.benchmark, totalHandled: b.totalHandled, divisorDays: b.divisorDays, handled, days };
      if (PER_CASE_ROLES.includes(b.role)) {
        const numerator = handled * b.divisorDays - b.totalHandled * days;
        assert(Number.isSafeInteger(numerator), 'workload arithmetic overflow');
        const wholeCases = Math.trunc(numerator / b.divisorDays);
        lines.push({ itemCode: `workload.${b.role}`, units: wholeCases === 0 ? 0 : wholeCases, detail: { ...detail, expected: formatRatio(b.totalHandled * days, b.divisorDays) } });
      } else {
        // own average handled ÷ days against total ÷ days-in-month, compared by cross-multiplying
        const mine = handled * b.divisorDays;
        const bench = b.totalHandled * days;
        const units = mine > bench ? 1 : mine < bench ? -1 : 0;
        lines.push({ itemCode: `workload.${b.role}`, units, detail: { ...detail, average: formatRatio(handled, days) } });
      }
    }
  }
  return out;
}
