import { pageOf, parseListQuery } from '@seatlease/shared';
import type { Caller, Deps } from '../deps';
import { billingRuns } from './billing-run.repository';
import { runView } from './run-view';
import { BillingRunListQuery as billingRunListQuery } from '@seatlease/shared/src/api';

/** GET /v1/billing-runs: latest period first. */
export async function listBillingRuns(deps: Deps, _caller: Caller, query: unknown) {
  const q = parseListQuery(billingRunListQuery, query);
  return pageOf(await billingRuns.page(deps.knex, q, q), (rows) => rows.map(runView));
}
