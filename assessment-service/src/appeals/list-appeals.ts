import { parseWith, uuid, z } from '@seatlease/shared';
import type { Caller, Deps } from '../deps';
import { tenantFilter } from '../agents/agent-access';
import { applyPage, emptyPage, pageOf, pageParams } from '../support/paging';
import { appeals } from './appeal.repository';
import { appealView } from './appeal-view';

const query = z
  .object({ tenantId: uuid().optional(), agentId: uuid().optional(), status: z.enum(['pending', 'upheld', 'refused'], { message: 'must be pending, upheld or refused' }).optional(), ...pageParams })
  .strict();

export async function listAppeals(deps: Deps, caller: Caller, input: unknown) {
  const q = parseWith(query, input);
  const scope = tenantFilter(caller, q.tenantId);
  if (scope.empty) return emptyPage();
  const qb = appeals.query(deps.knex);
  if (scope.tenantId) qb.where({ tenant_id: scope.tenantId });
  if (q.agentId) qb.where({ agent_id: q.agentId });
  if (caller.actor.role === 'agent') qb.where({ agent_id: caller.agentId ?? '00000000-0000-0000-0000-000000000000' });
  if (q.status) qb.where({ status: q.status });
  return pageOf(await applyPage(qb, 'lodged_at', q), q, 'lodged_at', appealView);
}
