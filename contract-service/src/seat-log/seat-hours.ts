import { addMonths, firstDayOfMonth, idOr404, month, notFound, parseWith, shanghaiMidnightMs, z } from '@seatlease/shared';
import { contracts } from '../contracts/contract.repository';
import type { Caller, Deps } from '../deps';
import { seatLog } from './seat-log.repository';

/**
 * Internal, for billing's traffic report (第十三条): the seconds each seat of a contract was
 * open in a month, from the shift log. A seat still open counts up to now.
 */
export async function seatOpenSeconds(deps: Deps, caller: Caller, contractId: string, query: unknown) {
  const q = parseWith(z.object({ period: month() }).strict(), query);
  const row = await contracts.get(deps.knex, idOr404(contractId, 'contract'));
  if (!row) throw notFound(`contract ${contractId}`);
  const fromMs = shanghaiMidnightMs(firstDayOfMonth(q.period));
  const toMs = shanghaiMidnightMs(firstDayOfMonth(addMonths(q.period, 1)));
  const seats = await seatLog.openSeconds(deps.knex, row.id, fromMs, toMs, caller.clock.nowMs());
  return { contractId: row.id, period: q.period, seats };
}
