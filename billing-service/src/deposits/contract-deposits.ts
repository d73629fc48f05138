import { notFound } from '@seatlease/shared';
import type { Caller, Deps } from '../deps';
import { invoices } from '../invoices/invoice.repository';
import { depositEntries, depositHeld } from './deposit.repository';

/**
 * GET /v1/deposits?contractId=: what is held of a contract's deposit and every movement. A
 * tenant sees only its own contracts' (another's is "not found", not disclosed).
 */
export async function contractDeposits(deps: Deps, caller: Caller, contractId: string) {
  if (caller.scopeTenantId !== null && !(await invoices.tenantHasContract(deps.knex, caller.scopeTenantId, contractId))) {
    throw notFound(`contract ${contractId}`);
  }
  return { contractId, currency: 'CNY', held: await depositHeld(deps.knex, contractId), entries: await depositEntries(deps.knex, contractId) };
}
