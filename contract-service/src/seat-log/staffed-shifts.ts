/**
 * Internal, for assessment-service's workload benchmark (二(三)12–13, docs/decisions/0075):
 * `GET /internal/tenants/:id/staffed-shifts?period=YYYY-MM` — who staffed which seat when, from
 * the seat shift log: every stretch a seat was open in a shift dated in the month, with the agent
 * account that opened it. assessment-service counts the calls of each stretch in billing-service.
 */
import { addMonths, firstDayOfMonth, idOr404, lastDayOfMonth, month, parseWith, shanghaiMidnightMs, z } from '@seatlease/shared';
import type { Caller, Deps } from '../deps';
import { staffedShifts } from './staffed-shifts.repository';

export async function tenantStaffedShifts(deps: Deps, caller: Caller, tenantId: string, query: unknown) {
  const q = parseWith(z.object({ period: month() }).strict(), query);
  const id = idOr404(tenantId, 'tenant');
  const fromMs = shanghaiMidnightMs(firstDayOfMonth(q.period));
  const rows = await staffedShifts(deps.knex, id, firstDayOfMonth(q.period), lastDayOfMonth(q.period), fromMs, Math.min(caller.clock.nowMs(), shanghaiMidnightMs(firstDayOfMonth(addMonths(q.period, 2)))));
  return {
    tenantId: id,
    period: q.period,
    shifts: rows.map((r) => ({ contractId: r.contract_id, seat: r.seat, agentAccount: r.agent_account, shiftDate: r.shift_date, from: r.from_at.toISOString(), to: r.to_at.toISOString() })),
  };
}
