import { conflict, idOr404, notFound, parseWith, exactlyOnce } from '@seatlease/shared';
import type { Caller, Deps } from '../deps';
import { maySee } from '../agents/agent-access';
import { publications } from '../scorecards/scorecard.repository';
import { workdays } from './workday.repository';
import { workdayView } from './workday-view';
import { VoidRequest as body } from '@seatlease/shared/src/api';

export async function voidWorkday(deps: Deps, caller: Caller, id: string, input: unknown) {
  const workdayId = idOr404(id, 'workday');
  const b = parseWith(body, input);
  return exactlyOnce(deps.knex, caller.once, async (trx) => {
    const w = await workdays.get(trx, workdayId);
    if (!w || !maySee(caller, { id: w.agent_id, tenant_id: w.tenant_id })) throw notFound(`workday ${id}`);
    if (w.voided_at) throw conflict(`workday ${id} is already void`);
    await publications.lockMonth(trx, w.tenant_id, w.month);
    if (await publications.find(trx, w.tenant_id, w.month)) throw conflict(`${w.month} is published for this tenant: its workload is final`);
    await workdays.void(trx, w.id, new Date(caller.clock.nowMs()), b.reason);
    return workdayView((await workdays.get(trx, w.id))!);
  });
}
