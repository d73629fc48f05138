import { emptyList, keysetPage, pageOf, parseListQuery, type SortKey } from '@seatlease/shared';
import type { Caller, Deps } from '../deps';
import { tenantFilter } from '../agents/agent-access';
import { appeals, type AppealRow } from './appeal.repository';
import { appealView } from './appeal-view';
import { AppealListQuery as query } from '@seatlease/shared/src/api';

/** Newest first by default; the id breaks ties (rows of one request share an instant). */
const ORDER: SortKey[] = [
  { column: 'lodged_at', type: 'timestamptz' },
  { column: 'id', type: 'uuid' },
];

export async function listAppeals(deps: Deps, caller: Caller, input: unknown) {
  const q = parseListQuery(query, input);
  const scope = tenantFilter(caller, q.tenantId);
  if (scope.empty) return emptyList();
  const qb = appeals.query(deps.knex);
  if (scope.tenantId) qb.where({ tenant_id: scope.tenantId });
  if (q.agentId) qb.where({ agent_id: q.agentId });
  if (caller.actor.role === 'agent') qb.where({ agent_id: caller.agentId ?? '00000000-0000-0000-0000-000000000000' });
  if (q.status) qb.where({ status: q.status });
  return pageOf(await keysetPage<AppealRow>(deps.knex, qb.select('*'), ORDER, q), (rows) => rows.map(appealView));
}
