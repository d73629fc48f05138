/**
 * GET /v1/fapiao-requests?status=&tenantId=&kind=&limit=&cursor=&order= — staff's worklist of
 * fapiao to issue, paged as every list is (shared/src/list-page.ts): `{data, hasMore,
 * nextCursor}`, a keyset cursor, filters in SQL before the limit, newest request first unless
 * `order=asc`, an unknown parameter a 400 naming it.
 */
import { forbidden, pageOf, parseListQuery } from '@seatlease/shared';
import type { Caller, Deps } from '../deps';
import { fapiaoRequests } from './fapiao.repository';
import { fapiaoRequestView } from './fapiao-request-view';
import { FapiaoRequestListQuery as fapiaoRequestListQuery } from '@seatlease/shared/src/api';
export { fapiaoRequestListQuery };

export async function listFapiaoRequests(deps: Deps, caller: Caller, input: unknown) {
  if (caller.scopeTenantId !== null) throw forbidden('only staff list fapiao requests');
  const q = parseListQuery(fapiaoRequestListQuery, input);
  const page = await fapiaoRequests.page(deps.knex, { status: q.status, kind: q.kind, tenantId: q.tenantId }, q);
  return pageOf(page, (rows) => rows.map(fapiaoRequestView));
}
