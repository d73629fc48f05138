/**
 * Handled counts from the seat shift log (二(三)12–13, docs/decisions/0036 and 0075), pure.
 * Input: the stretches each agent account staffed a seat in shifts dated in the month, each with
 * the calls the seat took during it. Output: workdays as rules/workload.ts reads them — one per
 * agent and shift date (实际出勤: a day on which the agent staffed a seat), handled = the calls
 * of all their stretches that day, in the agent's per-case role (受理员 before 派遣员; an agent
 * with neither is scored in their first role). A supervisor's recorded day for the same agent,
 * date and role wins over the derived one: it is what someone checked.
 */
import type { AgentRole } from './catalogue';
import type { WorkdayRow } from './workload';

export interface StaffedStretch {
  agentAccount: string;
  shiftDate: string;
  calls: number;
}

export interface SeatAgent {
  id: string;
  roles: readonly AgentRole[];
  seatAccount: string;
}

/** The role a seat's calls count in: intake, else dispatch, else the agent's first role. */
export function seatRoleOf(roles: readonly AgentRole[]): AgentRole {
  if (roles.includes('intake')) return 'intake';
  if (roles.includes('dispatcher')) return 'dispatcher';
  return roles[0]!;
}

export function seatLogWorkdays(agents: readonly SeatAgent[], stretches: readonly StaffedStretch[]): WorkdayRow[] {
  const byAccount = new Map(agents.map((a) => [a.seatAccount, a]));
  const days = new Map<string, WorkdayRow>();
  for (const s of stretches) {
    const agent = byAccount.get(s.agentAccount);
    if (!agent) continue; // an account no agent of the tenant uses: nobody to score
    const key = `${agent.id} ${s.shiftDate}`;
    const day = days.get(key) ?? { agentId: agent.id, role: seatRoleOf(agent.roles), workDate: s.shiftDate, handled: 0 };
    day.handled += s.calls;
    days.set(key, day);
  }
  return [...days.values()].sort((a, b) => a.agentId.localeCompare(b.agentId) || a.workDate.localeCompare(b.workDate));
}

/** Recorded days, plus the derived days no recorded day of the same agent, date and role covers. */
export function mergeWorkdays(recorded: readonly WorkdayRow[], derived: readonly WorkdayRow[]): WorkdayRow[] {
  const covered = new Set(recorded.map((r) => `${r.agentId} ${r.workDate} ${r.role}`));
  return [...recorded, ...derived.filter((d) => !covered.has(`${d.agentId} ${d.workDate} ${d.role}`))];
}
