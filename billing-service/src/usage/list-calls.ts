import { notFound, pageOf, parseListQuery, toShanghaiInstant } from '@seatlease/shared';
import type { Caller, Deps } from '../deps';
import { callRecords } from './call-records.repository';
import { CallListQuery as callListQuery } from '@seatlease/shared/src/api';

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
