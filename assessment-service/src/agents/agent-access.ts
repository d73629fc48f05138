import { idOr404, notFound } from '@seatlease/shared';
import type { Caller } from '../deps';
import { agents, type AgentRow, type Db } from './agent.repository';

/** Whether the caller may see this agent: staff all; a tenant role its tenant; an agent itself. */
export function maySee(caller: Caller, agent: { id: string; tenant_id: string }): boolean {
  if (caller.scopeTenantId !== null && agent.tenant_id !== caller.scopeTenantId) return false;
  if (caller.actor.role === 'agent' && agent.id !== caller.agentId) return false;
  return true;
}

/** The agent, or 404 if it does not exist or the caller may not see it (existence not disclosed). */
export async function loadVisibleAgent(db: Db, caller: Caller, id: string, path = 'agent'): Promise<AgentRow> {
  const agent = await agents.get(db, idOr404(id, path));
  if (!agent || !maySee(caller, agent)) throw notFound(`agent ${id}`);
  return agent;
}

/** The tenant a list is confined to: the caller's own, else the filter (staff). */
export function tenantFilter(caller: Caller, requested: string | undefined): { tenantId: string | undefined; empty: boolean } {
  if (caller.scopeTenantId === null) return { tenantId: requested, empty: false };
  return { tenantId: caller.scopeTenantId, empty: requested !== undefined && requested !== caller.scopeTenantId };
}
