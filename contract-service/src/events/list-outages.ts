import { instant, listQuery, pageOf, parseListQuery, today as todayOf, z } from '@seatlease/shared';
import { loadContractState } from '../contracts/contract-state';
import { outages } from '../contracts/contract.repository';
import type { Caller, Deps } from '../deps';
import { outageView } from './event-support';

export const outageListQuery = listQuery({
  cause: z.enum(['provider', 'tenant', 'maintenance'], { message: 'must be provider, tenant or maintenance' }).optional(),
  startedFrom: instant().optional(),
  startedBefore: instant().optional(),
});

/** A contract's outages, a page at a time (latest start first). */
export async function listOutages(deps: Deps, caller: Caller, contractId: string, query: unknown) {
  const q = parseListQuery(outageListQuery, query);
  const state = await loadContractState(deps.knex, contractId, todayOf(caller.clock), caller.scopeTenantId);
  // Voided records stay listed, with their voidedAt and reason (SPEC §5: kept, never deleted).
  const page = await outages.page(deps.knex, state.row.id, { cause: q.cause, from: q.startedFrom, to: q.startedBefore }, q);
  return pageOf(page, (rows) => rows.map(outageView));
}
