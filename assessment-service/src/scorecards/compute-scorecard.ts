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
import { workloadLines, type WorkdayRow } from '../rules/workload';
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
