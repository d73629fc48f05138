/**
 * POST /v1/calls/:id/void {reason} — the documented way to replace a call record that was wrong
 * (decision 0019): void it, then import the corrected record under the same id. Only a call not
 * billed yet: once its month's phone line of its call type is on an invoice, the call is part
 * of an issued bill (SPEC §9: corrected by a credit note, never edited), and the void is refused.
 *
 * The record is kept: it moves, with who voided it, when and why, from `calls` to
 * `voided_calls`, and its id is free again. Under the same table lock imports take, so no import
 * sees half of it. Voiding an id no longer on file answers its last void (voiding twice answers
 * the first).
 */
import { conflict, forbidden, notFound, parseWith, toShanghaiInstant } from '@seatlease/shared';
import type { Caller, Deps } from '../deps';
import { voidedCalls, type VoidedCallRow } from './voided-calls.repository';
import { VoidRequest as voidBody } from '@seatlease/shared/src/api';

function voidedCallView(r: VoidedCallRow) {
  return {
    id: r.id,
    contractId: r.contract_id,
    seat: r.seat,
    startedAt: toShanghaiInstant(r.started_at),
    durationSeconds: r.duration_seconds,
    callType: r.call_type,
    voidedAt: toShanghaiInstant(r.voided_at),
    voidedBy: r.voided_by,
    voidReason: r.reason,
  };
}

export async function voidCall(deps: Deps, caller: Caller, callId: string, body: unknown) {
  if (caller.scopeTenantId !== null) throw forbidden('only staff void call records');
  const input = parseWith(voidBody, body);
  if (callId.length === 0 || callId.length > 200) throw notFound(`call ${callId}`);
  const row = await deps.knex.transaction(async (trx) => {
    await voidedCalls.lockCalls(trx);
    const call = await voidedCalls.call(trx, callId);
    if (!call) {
      const last = await voidedCalls.lastOf(trx, callId);
      if (!last) throw notFound(`call ${callId}`);
      return last;
    }
    const billedOn = await voidedCalls.firstBilledOn(trx, call.contract_id, `phone:${call.month}:${call.call_type}`);
    if (billedOn !== null) {
      throw conflict(`call ${callId} was billed on ${billedOn} (phone ${call.month}, ${call.call_type}); an issued bill is corrected by a credit note`, { invoiceNumber: billedOn });
    }
    return voidedCalls.move(trx, call, { voidedAt: new Date(caller.clock.nowMs()), voidedBy: caller.actor.keyId, reason: input.reason });
  });
  return voidedCallView(row);
}
