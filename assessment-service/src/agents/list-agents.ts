import { emptyList, keysetPage, pageOf, parseListQuery, type SortKey } from '@seatlease/shared';
import type { Caller, Deps } from '../deps';
import { tenantFilter } from './agent-access';
import { agents, type AgentRow } from './agent.repository';
import { agentView } from './agent-view';
import { AgentListQuery as query } from '@seatlease/shared/src/api';

/** Newest first by default; the id breaks ties (rows of one request share an instant). */
const ORDER: SortKey[] = [
  { column: 'created_at', type: 'timestamptz' },
  { column: 'id', type: 'uuid' },
];

export async function listAgents(deps: Deps, caller: Caller, input: unknown) {
  const q = parseListQuery(query, input);
  const scope = tenantFilter(caller, q.tenantId);
  if (scope.empty) return emptyList();
  const qb = agents.query(deps.knex);
  if (scope.tenantId) qb.where({ tenant_id: scope.tenantId });
  if (caller.actor.role === 'agent') qb.where({ id: caller.agentId ?? '00000000-0000-0000-0000-000000000000' });
  return pageOf(await keysetPage<AgentRow>(deps.knex, qb.select('*'), ORDER, q), (rows) => rows.map(agentView));
}
