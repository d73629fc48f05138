/**
 * POST /v1/appeals/:id/decision: the assessment group's answer (一(七): 应在2天内作出答复).
 * `refused`: the scorecard stands. `upheld`: the corrections named in the decision (events
 * voided, events added, all inside the appealed month) are applied and a corrected scorecard
 * is issued as the next version, carrying the reason and the appeal — the published version is
 * never edited. All in one transaction.
 */
import { randomUUID } from 'node:crypto';
import { conflict, idOr404, notFound, parseWith, ruleBroken, today as todayOf, exactlyOnce } from '@seatlease/shared';
import type { Caller, Deps } from '../deps';
import { maySee } from '../agents/agent-access';
import { agents } from '../agents/agent.repository';
import { catalogues } from '../catalogue/catalogue.repository';
import { events } from '../events/event.repository';
import { checkEvent } from '../events/event-rules';
import { computeScorecard } from '../scorecards/compute-scorecard';
import { scorecards } from '../scorecards/scorecard.repository';
import { scorecardView } from '../scorecards/scorecard-view';
import { appeals } from './appeal.repository';
import { appealView } from './appeal-view';
import { outbox } from '../mail/outbox.repository';
import { scorecardCorrectedMail } from '../mail/scorecard-mails';
import { AppealDecision as body } from '@seatlease/shared/src/api';

export async function decideAppeal(deps: Deps, caller: Caller, id: string, input: unknown) {
  const appealId = idOr404(id, 'appeal');
  const b = parseWith(body, input);
  const today = todayOf(caller.clock);
  const now = new Date(caller.clock.nowMs());
  const answer = await exactlyOnce(deps.knex, caller.once, async (trx) => {
    const appeal = await appeals.get(trx, appealId);
    if (!appeal || !maySee(caller, { id: appeal.agent_id, tenant_id: appeal.tenant_id })) throw notFound(`appeal ${id}`);
    const s = (await scorecards.get(trx, appeal.scorecard_id))!;
    await trx.raw('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`appeal:${s.agent_id}:${s.month}`]);
    const fresh = (await appeals.get(trx, appealId))!;
    if (fresh.status !== 'pending') throw conflict(`appeal ${id} was already answered (${fresh.status} on ${fresh.decided_on})`);
    const decision = { decision_reason: b.reason, decided_on: today, decided_at: now, decided_by: caller.actor.keyId };
    if (b.outcome === 'refused') {
      if (b.voidEventIds.length || b.events.length) throw ruleBroken('outcome', 'a refused appeal changes nothing: omit voidEventIds and events');
      await appeals.decide(trx, appealId, { status: 'refused', ...decision, corrected_scorecard_id: null });
      return { appeal: appealView((await appeals.get(trx, appealId))!), correctedScorecard: null };
    }
    if (!b.voidEventIds.length && !b.events.length) {
      throw ruleBroken('voidEventIds', 'an upheld appeal names its corrections: the events to void and/or the events to add');
    }
    const agent = (await agents.get(trx, s.agent_id))!;
    for (const [i, eventId] of b.voidEventIds.entries()) {
      const e = await events.get(trx, eventId);
      if (!e || e.agent_id !== s.agent_id || e.month !== s.month) throw ruleBroken(`voidEventIds[${i}]`, `event ${eventId} is not one of this scorecard's events (${s.month})`);
      if (e.voided_at) throw ruleBroken(`voidEventIds[${i}]`, `event ${eventId} is already void`);
      await events.void(trx, e.id, now, `appeal ${appealId}: ${b.reason}`);
    }
    const catalogue = await catalogues.byVersion(trx, s.catalogue_version);
    for (const [i, e] of b.events.entries()) {
      if (e.occurredOn.slice(0, 7) !== s.month) throw ruleBroken(`events[${i}].occurredOn`, `must lie in ${s.month}, the appealed month`);
      checkEvent(catalogue, agent, e, today, `events[${i}].`);
      await events.insert(trx, {
        id: randomUUID(),
        tenant_id: s.tenant_id,
        agent_id: s.agent_id,
        item_code: e.itemCode,
        occurred_on: e.occurredOn,
        month: s.month,
        count: e.count,
        self_reported: e.selfReported,
        note: e.note ?? null,
        recorded_by: caller.actor.keyId,
        appeal_id: appealId,
        created_at: now,
        voided_at: null,
        void_reason: null,
      });
    }
    const score = await computeScorecard(trx, agent, s.month, catalogue);
    const correctedId = randomUUID();
    await scorecards.insert(trx, {
      id: correctedId,
      publication_id: s.publication_id,
      tenant_id: s.tenant_id,
      agent_id: s.agent_id,
      month: s.month,
      version: s.version + 1,
      catalogue_version: s.catalogue_version,
      total_tenths: score.totalTenths,
      parts: score.parts,
      lines: score.lines,
      supersedes_id: s.id,
      appeal_id: appealId,
      reason: b.reason,
      issued_on: today,
      issued_at: now,
    });
    await appeals.decide(trx, appealId, { status: 'upheld', ...decision, corrected_scorecard_id: correctedId });
    // The corrected version goes to the agent as the first one did (docs/decisions/0074).
    if (agent.email) await outbox.queue(trx, [scorecardCorrectedMail({ name: agent.name, email: agent.email }, (await scorecards.get(trx, correctedId))!)], caller.clock.nowMs());
    return { appeal: appealView((await appeals.get(trx, appealId))!), correctedScorecard: scorecardView((await scorecards.get(trx, correctedId))!) };
  });
  deps.wakeMailer?.();
  return answer;
}
