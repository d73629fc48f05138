import type { Caller, Deps } from '../deps';
import { loadVisibleAgent } from './agent-access';
import { agentView } from './agent-view';

export async function getAgent(deps: Deps, caller: Caller, id: string) {
  return agentView(await loadVisibleAgent(deps.knex, caller, id));
}
