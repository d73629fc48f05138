/**
 * POST /v1/workdays {agentId, workDate, role, handled}: one day on duty in one role and the
 * cases handled (二(三)12–13 count 实际出勤 and 处理总量 from these). A day recorded twice for
 * the same role is a conflict: void the wrong one first.
 */
import { randomUUID } from 'node:crypto';
import { compareDates, conflict, parseWith, ruleBroken, today as todayOf, exactlyOnce } from '@seatlease/shared';
import type { Caller, Deps } from '../deps';
import { loadVisibleAgent } from '../agents/agent-access';
import { publications } from '../scorecards/scorecard.repository';
import { ROLE_TITLES } from '../rules/catalogue';
import { workdays } from './workday.repository';
import { workdayView } from './workday-view';
import { WorkdayCreate as body } from '@seatlease/shared/src/api';

export async function recordWorkday(deps: Deps, caller: Caller, input: unknown) {
  const b = parseWith(body, input);
  const today = todayOf(caller.clock);
  return exactlyOnce(deps.knex, caller.once, async (trx) => {
    const agent = await loadVisibleAgent(trx, caller, b.agentId, 'agentId');
    if (compareDates(b.workDate, today) > 0) throw ruleBroken('workDate', `is in the future (today is ${today})`);
    if (!agent.roles.includes(b.role)) throw ruleBroken('role', `this agent is ${agent.roles.map((r) => ROLE_TITLES[r]).join('、')}, not ${ROLE_TITLES[b.role]}`);
    const month = b.workDate.slice(0, 7);
    await publications.lockMonth(trx, agent.tenant_id, month);
    if (await publications.find(trx, agent.tenant_id, month)) throw conflict(`${month} is published for this tenant: its workload is final`);
    const existing = await workdays.liveOn(trx, agent.id, b.workDate, b.role);
    if (existing) throw conflict(`${b.workDate} as ${ROLE_TITLES[b.role]} is already recorded for this agent (workday ${existing.id}): void it first to correct it`, { existingId: existing.id });
    const id = randomUUID();
    await workdays.insert(trx, { id, tenant_id: agent.tenant_id, agent_id: agent.id, role: b.role, work_date: b.workDate, month, handled: b.handled, source: 'recorded', recorded_by: caller.actor.keyId, created_at: new Date(caller.clock.nowMs()), voided_at: null, void_reason: null });
    return workdayView((await workdays.get(trx, id))!);
  });
}
