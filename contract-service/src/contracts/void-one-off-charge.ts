import { idOr404, notFound } from '@seatlease/shared';
import { contracts, markVoided, type OneOffRow } from './contract.repository';
import { appendAudit } from '../audit/audit.repository';
import type { Caller, Deps } from '../deps';
import { parseVoid, voidMark, voidView } from '../events/void-support';

function oneOffView(o: OneOffRow) {
  return { id: o.id, contractId: o.contract_id, amount: o.amount_fen, currency: 'CNY', description: o.description, clause: o.clause, createdOn: o.created_on, ...voidView(o) };
}

/** POST /v1/one-off-charges/:id/void {reason} — SPEC §5: kept and audited; the next bill reverses it if billed. */
export async function voidOneOffCharge(deps: Deps, caller: Caller, chargeId: string, body: unknown) {
  const input = parseVoid(body);
  const id = idOr404(chargeId, 'one-off charge');
  // Once this commits, the gateway asks billing to correct what the record had billed if the
  // contract has had its final bill; otherwise its next bill corrects (decision 0062).
  return deps.knex.transaction(async (trx) => {
    const found = await trx<OneOffRow>('one_off_charges').where({ id }).first();
    if (!found) throw notFound(`one-off charge ${chargeId}`);
    await contracts.lock(trx, found.contract_id);
    if (await markVoided(trx, 'one_off_charges', id, voidMark(caller.actor, caller.clock.nowMs(), input.reason))) {
      await appendAudit(trx, caller.actor, caller.clock.nowMs(), { action: 'one_off.voided', entity: 'one_off_charge', entityId: id, contractId: found.contract_id, reason: input.reason, data: input });
    }
    return oneOffView((await trx<OneOffRow>('one_off_charges').where({ id }).first())!);
  });
}
