import { parseWith } from '@seatlease/shared';
import type { Caller, Deps } from '../deps';
import { loadVisibleAgent } from '../agents/agent-access';
import { catalogues } from '../catalogue/catalogue.repository';
import { computeScorecard } from './compute-scorecard';
import { scoreView } from './scorecard-view';
import { seatLogWorkdaysOf } from '../workload/seat-log-workdays';
import { ScorecardPreviewQuery as query } from '@seatlease/shared/src/api';

/**
 * GET /v1/agents/:id/scorecard-preview?month=: the month as it stands now; nothing stored. The
 * workload counts the seat shift log's days as publication would (docs/decisions/0075).
 */
export async function previewScorecard(deps: Deps, caller: Caller, agentId: string, input: unknown) {
  const q = parseWith(query, input);
  const agent = await loadVisibleAgent(deps.knex, caller, agentId);
  const catalogue = await catalogues.forMonth(deps.knex, q.month);
  const derived = await seatLogWorkdaysOf(deps.knex, deps.seatWork, agent.tenant_id, q.month, caller.requestId, caller.clock.nowMs());
  return scoreView(agent.id, q.month, catalogue.version, await computeScorecard(deps.knex, agent, q.month, catalogue, derived));
}
