/**
 * The two write-side notices contract-service still sends billing-service, after its own commit
 * (decision 0062): the opening bill of a signing and the corrections of a void. Both are best
 * effort: billing's scheduler issues any opening invoice that is missing, and a void repeated
 * retries its corrections. contract-service never asks billing anything to answer a read: the
 * money on a contract answer (`depositHeld`) is put in by the gateway.
 */
import type { Caller, Deps } from './deps';

export async function requestOpeningInvoice(deps: Deps, caller: Caller, contractId: string) {
  if (!deps.billing) return null;
  try {
    const res = await deps.billing.call<{ id: string; number: string; total: number }>(
      'POST',
      '/internal/invoices/opening',
      { contractId },
      { requestId: caller.requestId, actor: caller.actor, nowMs: caller.clock.nowMs() },
    );
    if (res.status >= 200 && res.status < 300) return res.body;
    deps.log.warn({ contractId, status: res.status, body: res.body }, 'billing did not issue the opening invoice; the scheduler will retry');
  } catch (err) {
    deps.log.warn({ contractId, err }, 'billing unreachable for the opening invoice; the scheduler will retry');
  }
  return null;
}

/**
 * After a void commits (SPEC §5): billing corrects with a credit note what the voided record had
 * billed when the contract has had its final bill (otherwise its next bill corrects, and this
 * does nothing). Best effort, as the void stands either way: asked again, billing corrects
 * nothing twice, so staff can repeat the void (it answers the same) to retry.
 */
export async function requestVoidCorrections(deps: Deps, caller: Caller, contractIds: readonly string[]): Promise<void> {
  if (!deps.billing) return;
  for (const contractId of contractIds) {
    try {
      const res = await deps.billing.call('POST', `/internal/contracts/${contractId}/void-corrections`, {}, { requestId: caller.requestId, actor: caller.actor, nowMs: caller.clock.nowMs() });
      if (res.status >= 300) deps.log.warn({ contractId, status: res.status, body: res.body }, 'billing did not correct the void after the final bill; repeat the void to retry');
    } catch (err) {
      deps.log.warn({ contractId, err }, 'billing unreachable to correct a void after the final bill; repeat the void to retry');
    }
  }
}
