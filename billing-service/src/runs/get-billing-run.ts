import { idOr404, notFound } from '@seatlease/shared';
import type { Deps } from '../deps';
import { billingRuns } from './billing-run.repository';
import { runView } from './run-view';

/** GET /v1/billing-runs/:id */
export async function getBillingRun(deps: Deps, idParam: string) {
  const id = idOr404(idParam, 'billing run');
  const r = await billingRuns.get(deps.knex, id);
  if (!r) throw notFound(`billing run ${id}`);
  return runView(r);
}
