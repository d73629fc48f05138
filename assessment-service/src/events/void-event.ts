/** POST /v1/assessment-events/:id/void {reason}: an event entered by mistake is voided, never deleted. */
import { conflict, idOr404, notFound, parseWith, exactlyOnce } from '@seatlease/shared';
import type { Caller, Deps } from '../deps';
import { maySee } from '../agents/agent-access';
import { publications } from '../scorecards/scorecard.repository';
import { events } from './event.repository';
import { eventView } from './event-view';
import { VoidRequest as body } from '@seatlease/shared/src/api';

export async function voidEvent(deps: Deps, caller: Caller, id: string, input: unknown) {
  const eventId = idOr404(id, 'assessment event');
  const b = parseWith(body, input);
  return exactlyOnce(deps.knex, caller.once, async (trx) => {
    const e = await events.get(trx, eventId);
    if (!e || !maySee(caller, { id: e.agent_id, tenant_id: e.tenant_id })) throw notFound(`assessment event ${id}`);
    if (e.voided_at) throw conflict(`assessment event ${id} is already void`);
    await publications.lockMonth(trx, e.tenant_id, e.month);
    if (await publications.find(trx, e.tenant_id, e.month)) {
      throw conflict(`${e.month} is published for this tenant: its scorecards change only through an appeal (一(七))`);
    }
    await events.void(trx, e.id, new Date(caller.clock.nowMs()), b.reason);
    return eventView((await events.get(trx, e.id))!);
  });
}
