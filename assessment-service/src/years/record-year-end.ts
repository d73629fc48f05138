/** POST /v1/year-end-evaluations: 一(九) 年终测评, one per agent and year (0–100 points, in tenths). */
import { randomUUID } from 'node:crypto';
import { conflict, parseWith, ruleBroken, text, today as todayOf, uuid, z, exactlyOnce } from '@seatlease/shared';
import type { Caller, Deps } from '../deps';
import { loadVisibleAgent } from '../agents/agent-access';
import { yearEnds } from './year.repository';

const body = z
  .object({
    agentId: uuid(),
    year: z.number({ message: 'must be a year' }).int({ message: 'must be a year' }).min(2000, { message: 'must be 2000 or later' }).max(2100, { message: 'must be 2100 or earlier' }),
    scoreTenths: z.number({ message: 'must be tenths of a point, 0–1000' }).int({ message: 'must be whole tenths' }).min(0, { message: 'must be at least 0' }).max(1000, { message: 'must be at most 1000 (100 points)' }),
    note: text(1000).optional(),
  })
  .strict();

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
