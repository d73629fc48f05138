import { parseWith, uuid, z } from '@seatlease/shared';
import type { Caller, Deps } from '../deps';
import { applyPage, emptyPage, pageOf, pageParams } from '../support/paging';
import { tenantFilter } from './agent-access';
import { agents } from './agent.repository';
import { agentView } from './agent-view';

const query = z.object({ tenantId: uuid().optional(), ...pageParams }).strict();

export async function listAgents(deps: Deps, caller: Caller, input: unknown) {
  const q = parseWith(query, input);
  const scope = tenantFilter(caller, q.tenantId);
  if (scope.empty) return emptyPage();
  const qb = agents.query(deps.knex);
  if (scope.tenantId) qb.where({ tenant_id: scope.tenantId });
  if (caller.actor.role === 'agent') qb.where({ id: caller.agentId ?? '00000000-0000-0000-0000-000000000000' });
  return pageOf(await applyPage(qb, 'created_at', q), q, 'created_at', agentView);
}
