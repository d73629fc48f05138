/** POST /v1/year-end-evaluations: 一(九) 年终测评, one per agent and year (0–100 points, in tenths). */
import { randomUUID } from 'node:crypto';
import { conflict, parseWith, ruleBroken, today as todayOf, exactlyOnce } from '@seatlease/shared';
import type { Caller, Deps } from '../deps';
import { loadVisibleAgent } from '../agents/agent-access';
import { yearEnds } from './year.repository';
import { YearEndCreate as body } from '@seatlease/shared/src/api';

export async function recordYearEnd(deps: Deps, caller: Caller, input: unknown) {
  const b = parseWith(body, input);
  const thisYear = Number(todayOf(caller.clock).slice(0, 4));
  if (b.year > thisYear) throw ruleBroken('year', `${b.year} has not begun (it is ${thisYear})`);
  return exactlyOnce(deps.knex, caller.once, async (trx) => {
    const agent = await loadVisibleAgent(trx, caller, b.agentId, 'agentId');
    const existing = await yearEnds.of(trx, agent.id, b.year);
    if (existing) throw conflict(`the year-end evaluation of ${b.year} is already recorded for this agent (${existing.id})`, { existingId: existing.id });
    const id = randomUUID();
    await yearEnds.insert(trx, { id, tenant_id: agent.tenant_id, agent_id: agent.id, year: b.year, score_tenths: b.scoreTenths, note: b.note ?? null, recorded_by: caller.actor.keyId, created_at: new Date(caller.clock.nowMs()) });
    const r = (await yearEnds.get(trx, id))!;
    return { id: r.id, agentId: r.agent_id, year: r.year, scoreTenths: r.score_tenths, note: r.note, createdAt: r.created_at.toISOString() };
  });
}
