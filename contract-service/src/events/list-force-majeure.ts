import { emptyList, notFound, pageOf, parseListQuery } from '@seatlease/shared';
import { contracts, forceMajeure } from '../contracts/contract.repository';
import type { Caller, Deps } from '../deps';
import { forceMajeureView } from './event-support';
import { ForceMajeureListQuery as forceMajeureListQuery } from '@seatlease/shared/src/api';

/**
 * Force-majeure events, a page at a time (latest start first). With `contractId`: the events
 * that cover that contract (those declared for every contract included).
 */
export async function listForceMajeure(deps: Deps, caller: Caller, query: unknown) {
  const q = parseListQuery(forceMajeureListQuery, query);
  if (q.contractId) {
    const c = await contracts.get(deps.knex, q.contractId);
    if (!c || (caller.scopeTenantId !== null && c.tenant_id !== caller.scopeTenantId)) throw notFound(`contract ${q.contractId}`);
  } else if (caller.scopeTenantId !== null) {
    return emptyList();
  }
  const page = await forceMajeure.page(deps.knex, { contractId: q.contractId, claimedBy: q.claimedBy }, q);
  const linked = await forceMajeure.contractsOf(deps.knex, page.rows.filter((f) => !f.all_contracts).map((f) => f.id));
  return pageOf(page, (rows) => rows.map((f) => forceMajeureView(f, f.all_contracts ? null : linked.get(f.id) ?? [])));
}
