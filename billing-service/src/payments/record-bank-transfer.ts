/**
 * POST /v1/payments — staff record a bank transfer (the tenant's 汇款). One transaction or
 * nothing; a refusal writes nothing.
 */
import { referenceNotFound, conflict, forbidden, parseWith, ruleBroken, today as todayOf, exactlyOnce, amendAnswer } from '@seatlease/shared';
import { fapiaoPolicyOf } from '../fapiao/request-fapiaos';
import { tenantOf } from '../tenants/tenant.client';
import type { Caller, Deps } from '../deps';
import { invoices } from '../invoices/invoice.repository';
import { lockTenantMoney, payments } from './payment.repository';
import { afterMoneyMoved, paymentView, recordPayment } from './post-payment';
import { PaymentCreate as bankTransferBody } from '@seatlease/shared/src/api';
export { bankTransferBody };

/** Upper bound of one payment: ¥100 million (a limit on everything; far above any lease). */

export async function recordBankTransfer(deps: Deps, caller: Caller, body: unknown) {
  if (caller.scopeTenantId !== null) throw forbidden('only staff record payments');
  const input = parseWith(bankTransferBody, body);
  const today = todayOf(caller.clock);
  const nowMs = caller.clock.nowMs();
  if (input.receivedOn > today) throw ruleBroken('receivedOn', `must not be in the future (today is ${today})`, { today });
  const tenant = await tenantOf(deps, caller, input.tenantId);
  if (!tenant) throw referenceNotFound('tenantId', `no tenant ${input.tenantId}`);
  const answer = await exactlyOnce(deps.knex, caller.once, async (trx) => {
    await lockTenantMoney(trx, tenant.id);
    // Bank references are unique per tenant: the same transfer entered twice is refused.
    const same = await payments.byReference(trx, tenant.id, input.reference);
    if (same) throw conflict(`payment with reference ${input.reference} was already recorded for this tenant`, { paymentId: same.id, errors: [{ path: 'reference', message: 'already recorded for this tenant' }] });
    if (input.invoiceId) {
      const inv = await invoices.get(trx, input.invoiceId);
      if (!inv) throw referenceNotFound('invoiceId', `no invoice ${input.invoiceId}`);
      if (inv.tenant_id !== tenant.id) throw ruleBroken('invoiceId', `invoice ${input.invoiceId} is not an invoice of tenant ${tenant.id}`);
    }
    const recorded = await recordPayment(
      trx,
      {
        tenantId: tenant.id,
        tenantName: tenant.name,
        recipients: tenant.billingEmails,
        amountFen: input.amount,
        method: 'bank_transfer',
        reference: input.reference,
        receivedOn: input.receivedOn,
        invoiceId: input.invoiceId ?? null,
        stripePaymentIntentId: null,
      },
      today,
      nowMs,
      fapiaoPolicyOf(deps),
    );
    // Recorded with the key as the answer at commit; `suspensionsLifted` is filled in below.
    return {
      ...paymentView(recorded.payment, recorded.allocations, recorded.creditCreatedFen),
      creditApplied: recorded.creditApplied.map((a) => ({ invoiceId: a.invoiceId, number: a.number, amount: a.amountFen })),
      suspensionsLifted: null as string[] | null,
    };
  });
  // A replay of a finished payment answers as it was; one whose first try died after its commit
  // lifts what is still to lift (idempotent) and finishes the answer now.
  if (answer.suspensionsLifted !== null) return answer;
  if (caller.once?.replayedStatus === undefined) {
    deps.metrics.counter('seatlease_payments_total', 'Payments recorded', ['method']).inc({ method: 'bank_transfer' });
  }
  const invoiceIds = [...answer.allocations, ...answer.creditApplied].map((a) => a.invoiceId);
  const contractIds = invoiceIds.length
    ? ((await deps.knex('invoices').whereIn('id', invoiceIds).distinct('contract_id').orderBy('contract_id')) as Array<{ contract_id: string }>).map((r) => r.contract_id)
    : [];
  const finished = { ...answer, suspensionsLifted: await afterMoneyMoved(deps, contractIds, today, nowMs) };
  await amendAnswer(deps.knex, caller.once, finished);
  return finished;
}
