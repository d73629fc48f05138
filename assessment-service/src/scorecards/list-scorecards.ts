import { emptyList, keysetPage, pageOf, parseListQuery, type SortKey } from '@seatlease/shared';
import type { Caller, Deps } from '../deps';
import { tenantFilter } from '../agents/agent-access';
import { scorecards, type ScorecardRow } from './scorecard.repository';
import { scorecardView } from './scorecard-view';
import { ScorecardListQuery as query } from '@seatlease/shared/src/api';

/** Newest first by default; the id breaks ties (rows of one request share an instant). */
const ORDER: SortKey[] = [
  { column: 'issued_at', type: 'timestamptz' },
  { column: 'id', type: 'uuid' },
];

export async function listScorecards(deps: Deps, caller: Caller, input: unknown) {
  const q = parseListQuery(query, input);
  const scope = tenantFilter(caller, q.tenantId);
  if (scope.empty) return emptyList();
  const qb = scorecards.query(deps.knex);
  if (scope.tenantId) qb.where({ tenant_id: scope.tenantId });
  if (q.agentId) qb.where({ agent_id: q.agentId });
  if (caller.actor.role === 'agent') qb.where({ agent_id: caller.agentId ?? '00000000-0000-0000-0000-000000000000' });
  if (q.month) qb.where({ month: q.month });
  return pageOf(await keysetPage<ScorecardRow>(deps.knex, qb.select('*'), ORDER, q), (rows) => rows.map(scorecardView));
}
