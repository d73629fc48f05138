/**
 * GET /v1/fapiao-requests?status=&tenantId=&kind=&limit=&cursor=&order= — staff's worklist of
 * fapiao to issue, as every list pages: `{data, hasMore, nextCursor}`, a keyset cursor, filters
 * in SQL before the limit, newest first unless `order=asc`.
 */
import { forbidden, invalid, parseWith, z } from '@seatlease/shared';
import type { Caller, Deps } from '../deps';
import { FAPIAO_REQUEST_STATUSES, fapiaoRequests } from './fapiao.repository';
import { fapiaoRequestView } from './fapiao-request-view';

export const MAX_PAGE = 500;

const query = z
  .object({
    status: z.enum(FAPIAO_REQUEST_STATUSES as [string, ...string[]], { message: `must be one of ${FAPIAO_REQUEST_STATUSES.join(', ')}` }).optional(),
    kind: z.enum(['blue', 'red'], { message: 'must be blue or red' }).optional(),
    tenantId: z.string().uuid({ message: 'must be a tenant id (UUID)' }).optional(),
    limit: z.coerce.number({ message: 'must be a number' }).int({ message: 'must be a whole number' }).min(1, { message: 'must be 1 to 500' }).max(MAX_PAGE, { message: 'must be 1 to 500' }).default(50),
    cursor: z.string().uuid({ message: 'must be a cursor from a previous page' }).optional(),
    order: z.enum(['desc', 'asc'], { message: 'must be desc or asc' }).default('desc'),
  })
  .strict();

export async function listFapiaoRequests(deps: Deps, caller: Caller, input: unknown) {
  if (caller.scopeTenantId !== null) throw forbidden('only staff list fapiao requests');
  // API.md: an unknown query parameter is a 400 naming it.
  const unknown = Object.keys((input ?? {}) as object).filter((k) => !(k in query.shape));
  if (unknown.length > 0) throw invalid(unknown.map((k) => ({ path: k, message: `is not a parameter of this list (${Object.keys(query.shape).join(', ')})` })));
  const q = parseWith(query, input);
  const rows = await fapiaoRequests.page(deps.knex, {
    status: (q.status as (typeof FAPIAO_REQUEST_STATUSES)[number] | undefined) ?? null,
    kind: q.kind ?? null,
    tenantId: q.tenantId ?? null,
    after: q.cursor ?? null,
    order: q.order,
    limit: q.limit + 1,
  });
  const hasMore = rows.length > q.limit;
  const page = rows.slice(0, q.limit);
  return { data: page.map(fapiaoRequestView), hasMore, nextCursor: hasMore ? page[page.length - 1]!.id : null };
}
