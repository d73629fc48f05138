import { randomUUID } from 'node:crypto';
import {
  idOr404,
  parseWith,
  today as todayOf,
  exactlyOnce,
} from '@seatlease/shared';
import { contracts, oneOffs } from './contract.repository';
import { appendAudit } from '../audit/audit.repository';
import { loadContractState } from './contract-state';
import { assertOpenForChanges } from '../seats/seat-order-support';
import type { Caller, Deps } from '../deps';
import { OneOffChargeCreate as oneOffBody } from '@seatlease/shared/src/api';

/** §5.1 custom work, §8.B3 equipment damage at the maker's quote, anything else: on the next invoice. */
export async function addOneOffCharge(deps: Deps, caller: Caller, contractId: string, body: unknown) {
  const input = parseWith(oneOffBody, body);
  const today = todayOf(caller.clock);
  const id = randomUUID();
  return exactlyOnce(deps.knex, caller.once, async (trx) => {
    await contracts.lock(trx, idOr404(contractId, 'contract'));
    const state = await loadContractState(trx, contractId, today);
    assertOpenForChanges(state);
    const row = { id, contract_id: state.row.id, amount_fen: input.amount, description: input.description, clause: input.clause ?? null, created_on: today };
    await oneOffs.insert(trx, row);
    await appendAudit(trx, caller.actor, caller.clock.nowMs(), { action: 'one_off.added', entity: 'one_off_charge', entityId: id, contractId: state.row.id, reason: input.description, data: row });
    return { id, contractId, amount: input.amount, currency: 'CNY', description: input.description, clause: input.clause ?? null, createdOn: today };
  });
}
