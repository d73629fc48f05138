import { month, parseWith, uuid, z } from '@seatlease/shared';
import type { Caller, Deps } from '../deps';
import { tenantFilter } from '../agents/agent-access';
import { applyPage, emptyPage, pageOf, pageParams } from '../support/paging';
import { events } from './event.repository';
import { eventView } from './event-view';

const query = z.object({ tenantId: uuid().optional(), agentId: uuid().optional(), month: month().optional(), ...pageParams }).strict();

export async function listEvents(deps: Deps, caller: Caller, input: unknown) {
  const q = parseWith(query, input);
  const scope = tenantFilter(caller, q.tenantId);
  if (scope.empty) return emptyPage();
  const qb = events.query(deps.knex);
  if (scope.tenantId) qb.where({ tenant_id: scope.tenantId });
  if (q.agentId) qb.where({ agent_id: q.agentId });
  if (caller.actor.role === 'agent') qb.where({ agent_id: caller.agentId ?? '00000000-0000-0000-0000-000000000000' });
  if (q.month) qb.where({ month: q.month });
  return pageOf(await applyPage(qb, 'created_at', q), q, 'created_at', eventView);
}
