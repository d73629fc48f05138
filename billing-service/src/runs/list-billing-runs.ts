import { keysetPage, listQuery, month, pageOf, parseListQuery, z, type PageRequest, type SortKey } from '@seatlease/shared';
import type { Db } from '../invoices/invoice.repository';
import type { Caller, Deps } from '../deps';
import { runView, type RunRow } from './billing-run';

/** One run per period (unique): the period orders them. */
const RUN_ORDER: readonly SortKey[] = [{ column: 'period', type: 'text' }];

export const billingRuns = {
  page: (db: Db, f: { status?: string | undefined; periodFrom?: string | undefined; periodTo?: string | undefined }, page: PageRequest) => {
    const b = db('billing_runs').select('*');
    if (f.status) b.where({ status: f.status });
    if (f.periodFrom) b.where('period', '>=', f.periodFrom);
    if (f.periodTo) b.where('period', '<=', f.periodTo);
    return keysetPage<RunRow>(db, b, RUN_ORDER, page);
  },
};

export const billingRunListQuery = listQuery({
  status: z.enum(['running', 'completed'], { message: 'must be running or completed' }).optional(),
  periodFrom: month().optional(),
  periodTo: month().optional(),
});

/** GET /v1/billing-runs: latest period first. */
export async function listBillingRuns(deps: Deps, _caller: Caller, query: unknown) {
  const q = parseListQuery(billingRunListQuery, query);
  return pageOf(await billingRuns.page(deps.knex, q, q), (rows) => rows.map(runView));
}
