import { month, parseWith, z } from '@seatlease/shared';
import type { Caller, Deps } from '../deps';
import { loadVisibleAgent } from '../agents/agent-access';
import { catalogues } from '../catalogue/catalogue.repository';
import { computeScorecard } from './compute-scorecard';
import { scoreView } from './scorecard-view';

const query = z.object({ month: month() }).strict();

/** GET /v1/agents/:id/scorecard-preview?month=: the month as it stands now; nothing stored. */
export async function previewScorecard(deps: Deps, caller: Caller, agentId: string, input: unknown) {
  const q = parseWith(query, input);
  const agent = await loadVisibleAgent(deps.knex, caller, agentId);
  const catalogue = await catalogues.forMonth(deps.knex, q.month);
  return scoreView(agent.id, q.month, catalogue.version, await computeScorecard(deps.knex, agent, q.month, catalogue));
}
