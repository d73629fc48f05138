/**
 * The two things contract-service asks billing-service for. Both are best effort: billing's
 * scheduler issues any opening invoice that is missing, so a contract is never left unbilled
 * because billing was briefly down.
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

export async function depositHeld(deps: Deps, caller: Caller, contractId: string): Promise<number | null> {
  if (!deps.billing) return null;
  try {
    const res = await deps.billing.call<{ heldFen: number }>('GET', `/internal/deposits/${contractId}`, undefined, {
      requestId: caller.requestId,
      nowMs: caller.clock.nowMs(),
    });
    if (res.status === 200) return res.body.heldFen;
  } catch (err) {
    deps.log.warn({ contractId, err }, 'billing unreachable for the deposit held');
  }
  return null;
}
