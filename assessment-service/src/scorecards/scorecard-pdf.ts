import type { Caller, Deps } from '../deps';
import { agents } from '../agents/agent.repository';
import { renderScorecardPdf } from '../documents/scorecard-pdf';
import { loadVisibleScorecard } from './get-scorecard';

/** GET /v1/scorecards/:id/pdf */
export async function scorecardPdf(deps: Deps, caller: Caller, id: string) {
  const s = await loadVisibleScorecard(deps.knex, caller, id);
  const agent = (await agents.get(deps.knex, s.agent_id))!;
  const pdf = await renderScorecardPdf({ scorecard: s, agent: { name: agent.name, employeeNo: agent.employee_no, roles: agent.roles } });
  return { filename: `scorecard-${s.month}-v${s.version}-${s.agent_id.slice(0, 8)}.pdf`, pdf };
}
