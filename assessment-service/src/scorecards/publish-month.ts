/**
 * POST /v1/assessment-publications {tenantId, month}: 每月统计公布 (一(三)). Once the month is
 * over, every agent of the tenant who had joined by its last day gets scorecard version 1,
 * computed from the month's live events and workload with the catalogue in force for the month.
 * A published scorecard is immutable, like a bill; a month is published once (409 after).
 * Workdays derived from the seat shift log and the calls (docs/decisions/0075) are stored with
 * the publication, as `source: seat_log` (a recorded day of the same agent, date and role wins),
 * so that the month's workload is frozen like its events and a corrected version reads the same.
 * In the same transaction each agent with an address gets their scorecard queued for mail and
 * the tenant's supervisors the month's grid (docs/decisions/0074): mailed exactly when published.
 */
import { randomUUID } from 'node:crypto';
import { compareDates, conflict, lastDayOfMonth, notFound, parseWith, ruleBroken, addDays, today as todayOf, exactlyOnce } from '@seatlease/shared';
import type { Caller, Deps } from '../deps';
import { agents } from '../agents/agent.repository';
import { catalogues } from '../catalogue/catalogue.repository';
import { formatTenths } from '../rules/points';
import { computeScorecards } from './compute-scorecard';
import { publications, scorecards, type ScorecardRow } from './scorecard.repository';
import { settings } from '../years/year.repository';
import { outbox } from '../mail/outbox.repository';
import { seatLogWorkdaysOf } from '../workload/seat-log-workdays';
import { workdays } from '../workload/workday.repository';
import { mergeWorkdays } from '../rules/seat-log-workload';
import { monthPublishedMail, scorecardPublishedMail, type QueuedAssessmentMail } from '../mail/scorecard-mails';
import { PublicationCreate as body } from '@seatlease/shared/src/api';

export async function publishMonth(deps: Deps, caller: Caller, input: unknown) {
  const b = parseWith(body, input);
  let tenantId = b.tenantId;
  if (caller.scopeTenantId !== null) {
    if (tenantId !== undefined && tenantId !== caller.scopeTenantId) throw notFound(`tenant ${tenantId}`);
    tenantId = caller.scopeTenantId;
  } else if (tenantId === undefined) {
    throw ruleBroken('tenantId', 'staff must name the tenant whose month is published (tenantId)');
  }
  const today = todayOf(caller.clock);
  const lastDay = lastDayOfMonth(b.month);
  if (compareDates(today, lastDay) <= 0) throw ruleBroken('month', `${b.month} is not over: it can be published from ${addDays(lastDay, 1)}`);
  const now = new Date(caller.clock.nowMs());
  // Asked before the transaction: no lock is held while the other services answer. Not for a
  // month already published (a retry replays, a second publication is 409): nothing to derive.
  const derived = (await publications.find(deps.knex, tenantId, b.month))
    ? []
    : await seatLogWorkdaysOf(deps.knex, deps.seatWork, tenantId, b.month, caller.requestId, caller.clock.nowMs());
  const answer = await exactlyOnce(deps.knex, caller.once, async (trx) => {
    await publications.lockMonth(trx, tenantId, b.month);
    const existing = await publications.find(trx, tenantId, b.month);
    if (existing) throw conflict(`${b.month} is already published for this tenant (publication ${existing.id}, ${existing.published_on})`, { publicationId: existing.id });
    const staff = (await agents.ofTenant(trx, tenantId)).filter((a) => compareDates(a.joined_on, lastDay) <= 0);
    if (staff.length === 0) throw ruleBroken('month', `no agent of this tenant had joined by ${lastDay}: nothing to publish`);
    const catalogue = await catalogues.forMonth(trx, b.month);
    if (derived.length > 0) {
      const recorded = (await workdays.liveOfTenantMonth(trx, tenantId, b.month)).map((d) => ({ agentId: d.agent_id, role: d.role, workDate: d.work_date, handled: d.handled }));
      const added = mergeWorkdays(recorded, derived).slice(recorded.length);
      await workdays.insertMany(
        trx,
        added.map((d) => ({ id: randomUUID(), tenant_id: tenantId, agent_id: d.agentId, role: d.role, work_date: d.workDate, month: b.month, handled: d.handled, source: 'seat_log' as const, recorded_by: 'seat-log', created_at: now, voided_at: null, void_reason: null })),
      );
    }
    const publicationId = randomUUID();
    await publications.insert(trx, { id: publicationId, tenant_id: tenantId, month: b.month, catalogue_version: catalogue.version, published_on: today, published_at: now, published_by: caller.actor.keyId });
    const issued = [];
    const rows: ScorecardRow[] = [];
    const mails: QueuedAssessmentMail[] = [];
    const scores = await computeScorecards(trx, tenantId, staff.map((a) => a.id), b.month, catalogue);
    for (const agent of staff) {
      const score = scores.get(agent.id)!;
      const id = randomUUID();
      const row: ScorecardRow = {
        id,
        publication_id: publicationId,
        tenant_id: tenantId,
        agent_id: agent.id,
        month: b.month,
        version: 1,
        catalogue_version: catalogue.version,
        total_tenths: score.totalTenths,
        parts: score.parts,
        lines: score.lines,
        supersedes_id: null,
        appeal_id: null,
        reason: null,
        issued_on: today,
        issued_at: now,
      };
      rows.push(row);
      if (agent.email) mails.push(scorecardPublishedMail({ name: agent.name, email: agent.email }, row));
      issued.push({ id, agentId: agent.id, agentName: agent.name, total: formatTenths(score.totalTenths), totalTenths: score.totalTenths });
    }
    await scorecards.insertMany(trx, rows);
    const supervisors = await settings.supervisorEmailsOf(trx, tenantId);
    if (supervisors.length > 0) mails.push(monthPublishedMail(supervisors, { id: publicationId, month: b.month, publishedOn: today }, issued));
    const mailsQueued = await outbox.queue(trx, mails, caller.clock.nowMs());
    return { id: publicationId, tenantId, month: b.month, catalogueVersion: catalogue.version, publishedOn: today, publishedAt: now.toISOString(), scorecards: issued, mailsQueued };
  });
  deps.wakeMailer?.();
  return answer;
}
