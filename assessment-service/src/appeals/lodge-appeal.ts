/**
 * POST /v1/scorecards/:id/appeals {reason}: 一(七) — an objection to a published scorecard, within
 * 2 calendar days after its publication (rules/appeal-window.ts); later → 422 naming the window.
 * Only the current version of a month may be appealed, and one appeal at a time.
 */
import { randomUUID } from 'node:crypto';
import { conflict, parseWith, ruleBroken, today as todayOf, exactlyOnce } from '@seatlease/shared';
import type { Caller, Deps } from '../deps';
import { loadVisibleScorecard } from '../scorecards/get-scorecard';
import { scorecards } from '../scorecards/scorecard.repository';
import { answerDueOn, appealWindow, isWithinWindow } from '../rules/appeal-window';
import { appeals } from './appeal.repository';
import { appealView } from './appeal-view';
import { AppealCreate as body } from '@seatlease/shared/src/api';

export async function lodgeAppeal(deps: Deps, caller: Caller, scorecardId: string, input: unknown) {
  const b = parseWith(body, input);
  const today = todayOf(caller.clock);
  return exactlyOnce(deps.knex, caller.once, async (trx) => {
    const s = await loadVisibleScorecard(trx, caller, scorecardId);
    await trx.raw('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`appeal:${s.agent_id}:${s.month}`]);
    const latest = (await scorecards.latestOf(trx, s.agent_id, s.month))!;
    if (latest.id !== s.id) throw conflict(`scorecard ${s.id} was superseded by version ${latest.version} (${latest.id}): appeal the current one`, { currentId: latest.id });
    const window = appealWindow(s.issued_on);
    if (!isWithinWindow(window, today)) {
      throw ruleBroken(
        'appealWindow',
        `the appeal window of this scorecard was ${window.opensOn} to ${window.closesOn} (一(七): within 2 days of publication, Asia/Shanghai calendar days); today is ${today}`,
        { appealWindow: window },
      );
    }
    const pending = await appeals.pendingFor(trx, s.id);
    if (pending) throw conflict(`an appeal against this scorecard is already pending (${pending.id})`, { appealId: pending.id });
    const id = randomUUID();
    await appeals.insert(trx, {
      id,
      tenant_id: s.tenant_id,
      agent_id: s.agent_id,
      scorecard_id: s.id,
      reason: b.reason,
      lodged_on: today,
      lodged_at: new Date(caller.clock.nowMs()),
      lodged_by: caller.actor.keyId,
      answer_due_on: answerDueOn(today),
      status: 'pending',
      decision_reason: null,
      decided_on: null,
      decided_at: null,
      decided_by: null,
      corrected_scorecard_id: null,
    });
    return appealView((await appeals.get(trx, id))!);
  });
}
