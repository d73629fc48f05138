import { randomUUID } from 'node:crypto';
import { conflict, notFound, parseWith, ruleBroken, today as todayOf, exactlyOnce } from '@seatlease/shared';
import type { Caller, Deps } from '../deps';
import { agents } from './agent.repository';
import { agentView } from './agent-view';
import { AgentCreate as body } from '@seatlease/shared/src/api';

export async function createAgent(deps: Deps, caller: Caller, input: unknown) {
  const b = parseWith(body, input);
  let tenantId = b.tenantId;
  if (caller.scopeTenantId !== null) {
    // Another tenant's id is not disclosed: the same 404 as an unknown tenant.
    if (tenantId !== undefined && tenantId !== caller.scopeTenantId) throw notFound(`tenant ${tenantId}`);
    tenantId = caller.scopeTenantId;
  } else {
    if (tenantId === undefined) throw ruleBroken('tenantId', 'staff must name the tenant the agent works for (tenantId)');
    if (deps.tenants && !(await deps.tenants.tenantExists(tenantId, caller.requestId))) throw ruleBroken('tenantId', `tenant ${tenantId} does not exist`);
  }
  const id = randomUUID();
  const now = new Date(caller.clock.nowMs());
  return exactlyOnce(deps.knex, caller.once, async (trx) => {
    if (b.seatAccount !== undefined) {
      // Two registrations of one account take turns, so the second sees the first (409, not a unique-index 500).
      await trx.raw('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`agent-seat-account:${tenantId}:${b.seatAccount}`]);
      const holder = await agents.bySeatAccount(trx, tenantId, b.seatAccount);
      if (holder) throw conflict(`seat account ${b.seatAccount} belongs to agent ${holder.name} (${holder.id}) of this tenant`, { agentId: holder.id });
    }
    await agents.insert(trx, { id, tenant_id: tenantId, name: b.name, employee_no: b.employeeNo ?? null, email: b.email ?? null, seat_account: b.seatAccount ?? null, roles: b.roles, joined_on: b.joinedOn ?? todayOf(caller.clock), created_at: now });
    return agentView((await agents.get(trx, id))!);
  });
}
