import { listQuery, month, pageOf, parseListQuery, z } from '@seatlease/shared';
import type { Caller, Deps } from '../deps';
import { billingRuns } from './billing-run.repository';
import { runView } from './run-view';

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
