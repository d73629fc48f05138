/**
 * The month's workdays derived from the seat shift log and the calls (docs/decisions/0075): asks
 * contract-service who staffed which seat in shifts dated in the month, billing-service how many
 * calls each stretch took, and hands both to the pure rule (rules/seat-log-workload.ts). Only for
 * a tenant with agents who have a seat account; without the other services (run alone) none.
 */
import type { Month } from '@seatlease/shared';
import type { Db } from '../agents/agent.repository';
import { agents } from '../agents/agent.repository';
import type { SeatWorkSource } from '../deps';
import { seatLogWorkdays } from '../rules/seat-log-workload';
import type { WorkdayRow } from '../rules/workload';

export async function seatLogWorkdaysOf(db: Db, seatWork: SeatWorkSource | null | undefined, tenantId: string, month: Month, requestId: string, nowMs: number): Promise<WorkdayRow[]> {
  if (!seatWork) return [];
  const staff = (await agents.withSeatAccount(db, tenantId)).map((a) => ({ id: a.id, roles: a.roles, seatAccount: a.seat_account! }));
  if (staff.length === 0) return [];
  const accounts = new Set(staff.map((a) => a.seatAccount));
  const shifts = (await seatWork.staffedShifts(tenantId, month, requestId, nowMs)).filter((s) => accounts.has(s.agentAccount));
  const counts = await seatWork.callCounts(shifts, requestId);
  return seatLogWorkdays(
    staff,
    shifts.map((s, i) => ({ agentAccount: s.agentAccount, shiftDate: s.shiftDate, calls: counts[i]! })),
  );
}
