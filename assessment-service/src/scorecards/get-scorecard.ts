import { idOr404, notFound } from '@seatlease/shared';
import type { Caller, Deps } from '../deps';
import type { Db } from '../agents/agent.repository';
import { maySee } from '../agents/agent-access';
import { scorecards, type ScorecardRow } from './scorecard.repository';
import { scorecardView } from './scorecard-view';

export async function loadVisibleScorecard(db: Db, caller: Caller, id: string): Promise<ScorecardRow> {
  const s = await scorecards.get(db, idOr404(id, 'scorecard'));
  if (!s || !maySee(caller, { id: s.agent_id, tenant_id: s.tenant_id })) throw notFound(`scorecard ${id}`);
  return s;
}

export async function getScorecard(deps: Deps, caller: Caller, id: string) {
  const s = await loadVisibleScorecard(deps.knex, caller, id);
  const latest = (await scorecards.latestOf(deps.knex, s.agent_id, s.month))!;
  return { ...scorecardView(s), current: latest.id === s.id, currentId: latest.id };
}
