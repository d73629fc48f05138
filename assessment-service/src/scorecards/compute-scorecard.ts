/**
 * Loads an agent's month and hands it to the pure rules (rules/scorecard.ts, rules/workload.ts).
 * `derivedDays`: workdays from the seat shift log not stored yet (a preview); recorded days win.
 */
import type { Month } from '@seatlease/shared';
import type { AgentRow, Db } from '../agents/agent.repository';
import type { Catalogue } from '../catalogue/catalogue.repository';
import { events } from '../events/event.repository';
import { workdays } from '../workload/workday.repository';
import { scoreMonth, type MonthScore } from '../rules/scorecard';
import { workloadLines, workloadLinesOfAll, type WorkdayRow } from '../rules/workload';
import { mergeWorkdays } from '../rules/seat-log-workload';

export async function computeScorecard(db: Db, agent: AgentRow, month: Month, catalogue: Catalogue, derivedDays: readonly WorkdayRow[] = []): Promise<MonthScore> {
  const evs = await events.liveOf(db, agent.id, month);
  const days = await workdays.liveOfTenantMonth(db, agent.tenant_id, month);
  const workload = workloadLines(
    mergeWorkdays(
      days.map((d) => ({ agentId: d.agent_id, role: d.role, workDate: d.work_date, handled: d.handled })),
      derivedDays,
    ),
    month,
    agent.id,
  );
  return scoreMonth(
    catalogue.items,
    evs.map((e) => ({ itemCode: e.item_code, count: e.count, selfReported: e.self_reported })),
    workload,
  );
}

/**
 * Every agent's month of one tenant at once (a publication): the month's events and workdays
 * read in one query each and the benchmarks computed once, then each agent scored by the pure
 * rules. The same answer as computeScorecard for each agent, without its per-agent reads.
 */
export async function computeScorecards(db: Db, tenantId: string, agentIds: readonly string[], month: Month, catalogue: Catalogue): Promise<Map<string, MonthScore>> {
  const evs = await events.liveOfTenantMonth(db, tenantId, month);
  const days = await workdays.liveOfTenantMonth(db, tenantId, month);
  const workload = workloadLinesOfAll(
    days.map((d) => ({ agentId: d.agent_id, role: d.role, workDate: d.work_date, handled: d.handled })),
    month,
  );
  const byAgent = new Map<string, Array<{ itemCode: string; count: number; selfReported: boolean }>>();
  for (const e of evs) {
    const list = byAgent.get(e.agent_id) ?? [];
    list.push({ itemCode: e.item_code, count: e.count, selfReported: e.self_reported });
    byAgent.set(e.agent_id, list);
  }
  return new Map(agentIds.map((id) => [id, scoreMonth(catalogue.items, byAgent.get(id) ?? [], workload.get(id) ?? [])]));
}
