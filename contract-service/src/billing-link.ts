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

/** The deposit held for each of many contracts, in one call (a list page shows what the detail shows). */
export async function depositsHeld(deps: Deps, caller: Caller, contractIds: readonly string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (!deps.billing || contractIds.length === 0) return out;
  try {
    const res = await deps.billing.call<{ heldFen: Record<string, number> }>('POST', '/internal/deposits/held', { contractIds }, {
      requestId: caller.requestId,
      nowMs: caller.clock.nowMs(),
    });
    if (res.status === 200) for (const [id, held] of Object.entries(res.body.heldFen)) out.set(id, held);
  } catch (err) {
    deps.log.warn({ err }, 'billing unreachable for the deposits held');
  }
  return out;
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
