/**
 * What every payment does, whatever its channel (bank transfer, Stripe): inside the caller's
 * transaction, under the tenant's money lock — record the payment, allocate it (named invoice
 * first, then oldest open invoices), keep an overpayment as tenant credit, spend existing tenant
 * credit on what is still open, and queue the `payment_received` mail. After the commit, every
 * contract whose invoices got money may have its suspension lifted (§2.A2).
 */
import { randomUUID } from 'node:crypto';
import { requestBlueFapiaos, type FapiaoPolicy } from '../fapiao/request-fapiaos';
import type { Knex } from 'knex';
import { toShanghaiInstant, type Fen, type IsoDate } from '@seatlease/shared';
import { recordCredit } from '../deposits/credit.repository';
import { queueMail } from '../mail/outbox.repository';
import { paymentReceivedMail } from '../mail/templates';
import { liftSuspensionIfSettled } from '../dunning/lift-suspension';
import type { Deps } from '../deps';
import { allocate, type Allocation } from './allocation';
import { applyTenantCredit } from './apply-tenant-credit';
import { openInvoicesOf, payments, type PaymentMethod, type PaymentRow } from './payment.repository';

export interface NewPayment {
  tenantId: string;
  tenantName: string;
  recipients: string[];
  amountFen: Fen;
  method: PaymentMethod;
  reference: string;
  receivedOn: IsoDate;
  /** Paid first, when it is still open. */
  invoiceId: string | null;
  stripePaymentIntentId: string | null;
}

export interface RecordedPayment {
  payment: PaymentRow;
  allocations: Allocation[];
  creditCreatedFen: Fen;
  creditApplied: Allocation[];
  /** Contracts whose invoices received money (payment or credit). */
  contractIds: string[];
}

/** Records a payment and its consequences. The caller holds lockTenantMoney(trx, tenantId). */
export async function recordPayment(trx: Knex.Transaction, p: NewPayment, today: IsoDate, nowMs: number, fapiao: FapiaoPolicy): Promise<RecordedPayment> {
  const id = randomUUID();
  const row: Omit<PaymentRow, 'created_at'> = {
    id,
    tenant_id: p.tenantId,
    amount_fen: p.amountFen,
    currency: 'CNY',
    method: p.method,
    reference: p.reference,
    received_on: p.receivedOn,
    stripe_payment_intent_id: p.stripePaymentIntentId,
  };
  await payments.insert(trx, row);
  const { allocations, remainderFen } = allocate(p.amountFen, await openInvoicesOf(trx, p.tenantId), p.invoiceId);
  await payments.allocate(
    trx,
    allocations.map((a) => ({ payment_id: id, invoice_id: a.invoiceId, source: 'payment' as const, amount_fen: a.amountFen, on_date: p.receivedOn })),
  );
  // SPEC §5: money no invoice needs is the tenant's credit, used by its next invoices.
  if (remainderFen > 0) {
    await recordCredit(trx, { tenantId: p.tenantId, entry: 'overpayment', amountFen: remainderFen, paymentId: id, onDate: p.receivedOn });
  }
  const creditApplied = await applyTenantCredit(trx, p.tenantId, today);
  await queueMail(
    trx,
    paymentReceivedMail(
      {
        tenantName: p.tenantName,
        amountFen: p.amountFen,
        reference: p.reference,
        receivedOn: p.receivedOn,
        allocated: allocations.map((a) => ({ number: a.number, amountFen: a.amountFen })),
        creditFen: remainderFen,
      },
      p.recipients,
    ),
    nowMs,
  );
  // A bill paid in full is due its fapiao request (decision 0021), in the payment's transaction.
  await requestBlueFapiaos(trx, fapiao, [...allocations, ...creditApplied].map((a) => a.invoiceId), today);
  const payment = (await payments.get(trx, id))!;
  const contractIds = [...new Set([...allocations, ...creditApplied].map((a) => a.contractId))].sort();
  return { payment, allocations, creditCreatedFen: remainderFen, creditApplied, contractIds };
}

/**
 * After the commit: wake the mailer and lift suspensions (§2.A2: paying everything overdue lifts
 * the suspension). The payment stands even when contract-service cannot be reached; the failure
 * is logged with the contract so that staff can resume it, and the answer says which were lifted.
 */
export async function afterMoneyMoved(deps: Deps, contractIds: readonly string[], today: IsoDate, nowMs: number): Promise<string[]> {
  deps.wakeMailer();
  const lifted: string[] = [];
  for (const contractId of contractIds) {
    try {
      if (await liftSuspensionIfSettled(deps, contractId, today, nowMs)) lifted.push(contractId);
    } catch (err) {
      deps.log.error({ err, contractId }, 'payment recorded, but lifting the suspension failed; resume the contract by hand or pay again');
    }
  }
  return lifted;
}

export function paymentView(p: PaymentRow, allocations: Array<{ invoiceId: string; number: string; amountFen: Fen }>, creditCreatedFen: Fen) {
  return {
    id: p.id,
    tenantId: p.tenant_id,
    amount: p.amount_fen,
    currency: p.currency,
    method: p.method,
    reference: p.reference,
    receivedOn: p.received_on,
    allocations: allocations.map((a) => ({ invoiceId: a.invoiceId, number: a.number, amount: a.amountFen })),
    creditCreated: creditCreatedFen,
    // Decision 0018: a reversed payment stays, with when, by whom and why.
    reversedAt: p.reversed_at ? toShanghaiInstant(p.reversed_at) : null,
    reversedOn: p.reversed_on ?? null,
    reversedBy: p.reversed_by ?? null,
    reverseReason: p.reverse_reason ?? null,
  };
}
