import { conflict, idOr404, notFound } from '@seatlease/shared';
import { contracts, markVoided, type OutageRow } from '../contracts/contract.repository';
import { appendAudit } from '../audit/audit.repository';
import type { Caller, Deps } from '../deps';
import { outageView } from './event-support';
import { parseVoid, voidMark } from './void-support';

/** POST /v1/outages/:id/void {reason} — SPEC §5: kept and audited; the next bill takes its credit back. */
export async function voidOutage(deps: Deps, caller: Caller, outageId: string, body: unknown) {
  const input = parseVoid(body);
  const id = idOr404(outageId, 'outage');
  // Once this commits, the gateway asks billing to correct what the record had billed if the
  // contract has had its final bill; otherwise its next bill corrects (decision 0062).
  return deps.knex.transaction(async (trx) => {
    const found = await trx<OutageRow>('outages').where({ id }).first();
    if (!found) throw notFound(`outage ${outageId}`);
    await contracts.lock(trx, found.contract_id);
    if (await markVoided(trx, 'outages', id, voidMark(caller.actor, caller.clock.nowMs(), input.reason))) {
      await appendAudit(trx, caller.actor, caller.clock.nowMs(), { action: 'outage.voided', entity: 'outage', entityId: id, contractId: found.contract_id, reason: input.reason, data: input });
    }
    const row = (await trx<OutageRow>('outages').where({ id }).first())!;
    if (!row.voided_at) throw conflict(`outage ${id} could not be voided`);
    return outageView(row);
  });
}
