/** The SeatWorkSource port over HTTP: contract-service's and billing-service's `/internal` routes. */
import { AppError, type Actor, type ServiceClient } from '@seatlease/shared';
import type { SeatWorkSource, StaffedShift } from '../deps';

const ACTOR: Actor = { keyId: 'assessment-service', role: 'staff', tenantId: null, name: 'assessment-service' };
/** billing-service takes at most this many stretches a request (its 1 MB body limit). */
const BATCH = 5_000;

export function httpSeatWork(contracts: ServiceClient, billing: ServiceClient): SeatWorkSource {
  return {
    async staffedShifts(tenantId, month, requestId, nowMs) {
      const res = await contracts.call<{ shifts: StaffedShift[] }>('GET', `/internal/tenants/${encodeURIComponent(tenantId)}/staffed-shifts?period=${encodeURIComponent(month)}`, undefined, { requestId, actor: ACTOR, nowMs });
      if (res.status !== 200) throw new AppError('upstream', `contract-service answered ${res.status} when asked for the seat shift log of ${month}`);
      return res.body.shifts;
    },
    async callCounts(shifts, requestId) {
      const counts: number[] = [];
      for (let i = 0; i < shifts.length; i += BATCH) {
        const intervals = shifts.slice(i, i + BATCH).map((s) => ({ contractId: s.contractId, seat: s.seat, from: s.from, to: s.to }));
        const res = await billing.call<{ counts: number[] }>('POST', '/internal/seat-call-counts', { intervals }, { requestId, actor: ACTOR });
        if (res.status !== 200 || res.body.counts.length !== intervals.length) throw new AppError('upstream', `billing-service answered ${res.status} when asked for the calls of ${intervals.length} staffed shifts`);
        counts.push(...res.body.counts);
      }
      return counts;
    },
  };
}
