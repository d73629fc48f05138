import { idOr404, notFound } from '@seatlease/shared';
import type { Caller, Deps } from '../deps';
import { maySee } from '../agents/agent-access';
import { appeals } from './appeal.repository';
import { appealView } from './appeal-view';

export async function getAppeal(deps: Deps, caller: Caller, id: string) {
  const a = await appeals.get(deps.knex, idOr404(id, 'appeal'));
  if (!a || !maySee(caller, { id: a.agent_id, tenant_id: a.tenant_id })) throw notFound(`appeal ${id}`);
  return appealView(a);
}
