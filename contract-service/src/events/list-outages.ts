import { pageOf, parseListQuery, today as todayOf } from '@seatlease/shared';
import { loadContractState } from '../contracts/contract-state';
import { outages } from '../contracts/contract.repository';
import type { Caller, Deps } from '../deps';
import { outageView } from './event-support';
import { OutageListQuery as outageListQuery } from '@seatlease/shared/src/api';

/** A contract's outages, a page at a time (latest start first). */
export async function listOutages(deps: Deps, caller: Caller, contractId: string, query: unknown) {
  const q = parseListQuery(outageListQuery, query);
  const state = await loadContractState(deps.knex, contractId, todayOf(caller.clock), caller.scopeTenantId);
  // Voided records stay listed, with their voidedAt and reason (SPEC §5: kept, never deleted).
  const page = await outages.page(deps.knex, state.row.id, { cause: q.cause, from: q.startedFrom, to: q.startedBefore }, q);
  return pageOf(page, (rows) => rows.map(outageView));
}
