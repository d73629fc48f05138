import { instant, listQuery, month, notFound, pageOf, parseListQuery, toShanghaiInstant, uuid, z } from '@seatlease/shared';
import type { Caller, Deps } from '../deps';
import { callRecords } from './call-records.repository';

export const callListQuery = listQuery({
  contractId: uuid(),
  month: month().optional(),
  seat: z.string().max(100).optional(),
  callType: z.enum(['local', 'domestic', 'mobile'], { message: 'must be local, domestic or mobile' }).optional(),
  startedFrom: instant().optional(),
  startedBefore: instant().optional(),
});

/** GET /v1/calls?contractId=: a contract's call records as imported, latest first. */
export async function listCalls(deps: Deps, caller: Caller, query: unknown) {
  const q = parseListQuery(callListQuery, query);
  const contractId = q.contractId.toLowerCase();
  if (caller.scopeTenantId !== null && (await callRecords.ownerTenant(deps.knex, contractId)) !== caller.scopeTenantId) throw notFound(`contract ${contractId}`);
  const page = await callRecords.page(deps.knex, contractId, { month: q.month, seat: q.seat, callType: q.callType, from: q.startedFrom, to: q.startedBefore }, q);
  return pageOf(page, (rows) =>
    rows.map((c) => ({
      id: c.id,
      contractId: c.contract_id,
      seat: c.seat,
      startedAt: toShanghaiInstant(c.started_at),
      durationSeconds: c.duration_seconds,
      callType: c.call_type,
      month: c.month,
      billableMinutes: c.billable_minutes,
    })),
  );
}
