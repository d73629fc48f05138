import { randomUUID } from 'node:crypto';
import {
  idOr404,
  parseWith,
  text,
  today as todayOf,
  z,
  exactlyOnce,
} from '@seatlease/shared';
import { contracts, oneOffs } from './contract.repository';
import { appendAudit } from '../audit/audit.repository';
import { loadContractState } from './contract-state';
import { assertOpenForChanges } from '../seats/seat-order-support';
import type { Caller, Deps } from '../deps';

const oneOffBody = z
  .object({
    amount: z
      .number({ message: 'must be an integer number of fen' })
      .int({ message: 'must be an integer number of fen' })
      .min(-100_000_000_00, { message: 'is out of range' })
      .max(100_000_000_00, { message: 'is out of range' })
      .refine((v) => v !== 0, { message: 'must not be zero' }),
    description: text(500),
    clause: z.string().trim().regex(/^§[0-9A-Z.]{1,12}$/, { message: 'must be a clause reference such as §5.1 or §8.B3' }).optional(),
  })
  .strict();

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
