import { idOr404, notFound, today as todayOf } from '@seatlease/shared';
import { markVoided } from '../contracts/contract.repository';
import type { ForceMajeureRow } from '../contracts/contract-model';
import { appendAudit } from '../audit/audit.repository';
import type { Caller, Deps } from '../deps';
import { forceMajeureView } from './event-support';
import { recomputeDelays } from './record-force-majeure';
import { parseVoid, voidMark } from './void-support';

/**
 * POST /v1/force-majeure/:id/void {reason} — SPEC §5: kept and audited; its days stop counting,
 * so the next bill takes back its credit, and opened seat orders whose delay it excused have
 * their days late and penalty recomputed (§8.X4), as when it was recorded.
 */
export async function voidForceMajeure(deps: Deps, caller: Caller, fmId: string, body: unknown) {
  const input = parseVoid(body);
  const id = idOr404(fmId, 'force majeure');
  const today = todayOf(caller.clock);
  // Once this commits, the gateway asks billing to correct what the record had billed if the
  // contract has had its final bill; otherwise its next bill corrects (decision 0062).
  return deps.knex.transaction(async (trx) => {
    // One event at a time: the same lock serializes its void with another void of it.
    const found = await trx<ForceMajeureRow>('force_majeure').where({ id }).forUpdate().first();
    if (!found) throw notFound(`force majeure ${fmId}`);
    const contractIds = found.all_contracts ? null : ((await trx('force_majeure_contracts').where({ force_majeure_id: id }).pluck('contract_id')) as string[]);
    if (await markVoided(trx, 'force_majeure', id, voidMark(caller.actor, caller.clock.nowMs(), input.reason))) {
      await appendAudit(trx, caller.actor, caller.clock.nowMs(), { action: 'force_majeure.voided', entity: 'force_majeure', entityId: id, reason: input.reason, data: input });
      await recomputeDelays(trx, caller, contractIds ?? [], today, `force majeure ${id} voided (§8.X4)`);
    }
    const row = (await trx<ForceMajeureRow>('force_majeure').where({ id }).first())!;
    return forceMajeureView(row, contractIds);
  });
}
