import { randomUUID } from 'node:crypto';
import { referenceNotFound, idOr404, parseWith, ruleBroken, today as todayOf, exactlyOnce } from '@seatlease/shared';
import { contracts, tenants, transfers } from './contract.repository';
import { appendAudit } from '../audit/audit.repository';
import { loadContractState } from './contract-state';
import { assertOpenForChanges } from '../seats/seat-order-support';
import type { Caller, Deps } from '../deps';
import { TransferCreate as transferBody } from '@seatlease/shared/src/api';

/** §2.B2: a contract passes to a third party only with Party A's consent, recorded first. */
export async function transferContract(deps: Deps, caller: Caller, contractId: string, body: unknown) {
  const input = parseWith(transferBody, body);
  const today = todayOf(caller.clock);
  if (!input.consentGivenOn) throw ruleBroken('consentGivenOn', "a transfer needs Party A's recorded consent first (§2.B2)");
  if (input.consentGivenOn > today) throw ruleBroken('consentGivenOn', `is in the future (today is ${today})`);
  const id = randomUUID();
  return exactlyOnce(deps.knex, caller.once, async (trx) => {
    await contracts.lock(trx, idOr404(contractId, 'contract'));
    const state = await loadContractState(trx, contractId, today);
    assertOpenForChanges(state);
    if (!(await tenants.get(trx, input.toTenantId))) throw referenceNotFound('toTenantId', `no tenant ${input.toTenantId}`);
    if (input.toTenantId === state.row.tenant_id) throw ruleBroken('toTenantId', 'the contract already belongs to this tenant');
    const row = { id, contract_id: state.row.id, from_tenant_id: state.row.tenant_id, to_tenant_id: input.toTenantId, consent_given_on: input.consentGivenOn };
    await transfers.insert(trx, row);
    await contracts.update(trx, state.row.id, { tenant_id: input.toTenantId });
    await appendAudit(trx, caller.actor, caller.clock.nowMs(), { action: 'contract.transferred', entity: 'transfer', entityId: id, contractId: state.row.id, data: row });
    return { id, contractId, fromTenantId: row.from_tenant_id, toTenantId: input.toTenantId, consentGivenOn: input.consentGivenOn };
  });
}
