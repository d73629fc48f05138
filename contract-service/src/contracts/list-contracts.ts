import { emptyList, isoDate, listQuery, pageOf, parseListQuery, today as todayOf, z } from '@seatlease/shared';
import { contracts } from './contract.repository';
import { loadContractStates } from './contract-state';
import { contractView } from './contract-view';
import type { Caller, Deps } from '../deps';

export const CONTRACT_STATUSES = ['pending_opening', 'active', 'suspended', 'terminated', 'expired'] as const;

export const contractListQuery = listQuery({
  tenantId: z.string().uuid({ message: 'must be a tenant id (UUID)' }).optional(),
  status: z.enum(CONTRACT_STATUSES, { message: `must be one of ${CONTRACT_STATUSES.join(', ')}` }).optional(),
  endingBefore: isoDate().optional(),
});

/**
 * A page of contracts, newest first; `status` (as of today), `tenantId` and `endingBefore` (the
 * last day of service is before that date) are applied in SQL before the limit. Each contract
 * shows what GET /v1/contracts/:id shows (the gateway adds `depositHeld` to both, decision 0062).
 */
export async function listContracts(deps: Deps, caller: Caller, query: unknown) {
  const q = parseListQuery(contractListQuery, query);
  const today = todayOf(caller.clock);
  if (caller.scopeTenantId && q.tenantId && q.tenantId !== caller.scopeTenantId) return emptyList();
  const page = await contracts.page(deps.knex, { today, tenantId: caller.scopeTenantId ?? q.tenantId, status: q.status, endingBefore: q.endingBefore }, q);
  const states = await loadContractStates(deps.knex, page.rows, today);
  return pageOf(page, () => states.map((s) => contractView(s, today)));
}
