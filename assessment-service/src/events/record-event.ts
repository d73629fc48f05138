/**
 * POST /v1/assessment-events: a supervisor records what happened, day by day (一(三) 每天量化统计).
 * A month already published takes no new events: it is corrected only through an appeal.
 */
import { randomUUID } from 'node:crypto';
import { conflict, parseWith, today as todayOf, exactlyOnce } from '@seatlease/shared';
import type { Caller, Deps } from '../deps';
import { loadVisibleAgent } from '../agents/agent-access';
import { catalogues } from '../catalogue/catalogue.repository';
import { publications } from '../scorecards/scorecard.repository';
import { events } from './event.repository';
import { checkEvent } from './event-rules';
import { eventView } from './event-view';
import { AssessmentEventCreate as body } from '@seatlease/shared/src/api';

export async function recordEvent(deps: Deps, caller: Caller, input: unknown) {
  const b = parseWith(body, input);
  const today = todayOf(caller.clock);
  return exactlyOnce(deps.knex, caller.once, async (trx) => {
    const agent = await loadVisibleAgent(trx, caller, b.agentId, 'agentId');
    const month = b.occurredOn.slice(0, 7);
    const catalogue = await catalogues.forMonth(trx, month);
    checkEvent(catalogue, agent, b, today);
    // Serializes with publishing this tenant's month (publish-month takes the same lock).
    await publications.lockMonth(trx, agent.tenant_id, month);
    if (await publications.find(trx, agent.tenant_id, month)) {
      throw conflict(`${month} is published for this tenant: its scorecards change only through an appeal (一(七))`);
    }
    const id = randomUUID();
    await events.insert(trx, {
      id,
      tenant_id: agent.tenant_id,
      agent_id: agent.id,
      item_code: b.itemCode,
      occurred_on: b.occurredOn,
      month,
      count: b.count,
      self_reported: b.selfReported,
      note: b.note ?? null,
      recorded_by: caller.actor.keyId,
      appeal_id: null,
      created_at: new Date(caller.clock.nowMs()),
      voided_at: null,
      void_reason: null,
    });
    return eventView((await events.get(trx, id))!);
  });
}
