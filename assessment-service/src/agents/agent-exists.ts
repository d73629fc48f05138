import { idOr404, notFound } from '@seatlease/shared';
import type { Deps } from '../deps';
import { agents } from './agent.repository';

/** Internal, for the gateway: which tenant an agent belongs to (before it issues an agent key). */
export async function agentTenant(deps: Deps, id: string) {
  const a = await agents.get(deps.knex, idOr404(id, 'agent'));
  if (!a) throw notFound(`agent ${id}`);
  return { id: a.id, tenantId: a.tenant_id };
}
