/**
 * POST /v1/webhooks/stripe — Stripe tells us what happened to a PaymentIntent.
 *
 * - The signature is checked on the raw bytes (400 when bad or older than 300 s).
 * - Each event is handled once: its id goes into stripe_events in the same transaction as its
 *   effects; a redelivery finds it there and changes nothing (200, duplicate). A failure rolls
 *   both back, so Stripe's retry does the work.
 * - `payment_intent.succeeded` records the payment (reference = the intent id, which is unique
 *   on payments) allocated to metadata.invoiceId first, then the usual post-payment steps.
 * - Stripe does not promise delivery order: an intent's status only moves forward, and
 *   `succeeded` (like `canceled`) is final — a late `processing` or `payment_failed` changes
 *   nothing and never reopens a paid invoice.
 * - Other event types are acknowledged and ignored.
 */
import type { Knex } from 'knex';
import { fapiaoPolicyOf } from '../fapiao/request-fapiaos';
import type Stripe from 'stripe';
import { today as todayOf, type IsoDate } from '@seatlease/shared';
import type { Caller, Deps } from '../deps';
import { invoices } from '../invoices/invoice.repository';
import { lockTenantMoney, payments, type PaymentMethod } from './payment.repository';
import { afterMoneyMoved, recordPayment } from './post-payment';
import { stripeNotConfigured, type StripePort } from './stripe.client';
import { STRIPE_METHODS } from './create-stripe-intent';
import { stripeEvents, stripeIntents } from './stripe.repository';

const STATUS_EVENTS = new Set(['payment_intent.processing', 'payment_intent.payment_failed', 'payment_intent.canceled', 'payment_intent.requires_action', 'payment_intent.created']);
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface WebhookOutcome {
  received: true;
  duplicate?: true;
  ignored?: string;
  paymentId?: string;
  contractIds?: string[];
}

async function onSucceeded(deps: Deps, trx: Knex.Transaction, pi: Stripe.PaymentIntent, today: IsoDate, nowMs: number): Promise<WebhookOutcome> {
  const invoiceId = pi.metadata?.invoiceId;
  const invoice = typeof invoiceId === 'string' && UUID_RE.test(invoiceId) ? await invoices.get(trx, invoiceId.toLowerCase()) : undefined;
  if (!invoice || (pi.metadata?.tenantId && pi.metadata.tenantId !== invoice.tenant_id)) {
    // Not one of ours (or tampered metadata): acknowledge so Stripe stops retrying, and say so loudly.
    // Only the two metadata fields we read: metadata is free text set by whoever created the
    // intent and may carry card-like data, which must never reach the logs (tests/reliability 10).
    const idOrNote = (v: unknown) => (typeof v === 'string' && UUID_RE.test(v) ? v : v === undefined ? null : '(not a UUID)');
    deps.log.error(
      { intentId: pi.id, metadataInvoiceId: idOrNote(invoiceId), metadataTenantId: idOrNote(pi.metadata?.tenantId) },
      'payment_intent.succeeded for no invoice of ours; reconcile by hand',
    );
    return { received: true, ignored: 'no such invoice' };
  }
  if (pi.currency !== 'cny') {
    deps.log.error({ intentId: pi.id, currency: pi.currency }, 'payment_intent.succeeded in a currency other than CNY; reconcile by hand');
    return { received: true, ignored: `currency ${pi.currency}` };
  }
  await lockTenantMoney(trx, invoice.tenant_id);
  await stripeIntents.markSucceeded(trx, { id: pi.id, invoiceId: invoice.id, amountFen: pi.amount });
  const already = await payments.byIntent(trx, pi.id);
  if (already) return { received: true, ignored: 'payment already recorded', paymentId: already.id };
  const amountFen = Number.isSafeInteger(pi.amount_received) && pi.amount_received > 0 ? pi.amount_received : pi.amount;
  const first = pi.payment_method_types?.[0] ?? pi.allowed_payment_method_types?.[0];
  const method: PaymentMethod = (STRIPE_METHODS as readonly string[]).includes(first ?? '') ? (first as PaymentMethod) : 'card';
  const recorded = await recordPayment(
    trx,
    {
      tenantId: invoice.tenant_id,
      tenantName: invoice.tenant_name,
      recipients: invoice.billing_emails,
      amountFen,
      method,
      reference: pi.id,
      receivedOn: today,
      invoiceId: invoice.id,
      stripePaymentIntentId: pi.id,
    },
    today,
    nowMs,
    fapiaoPolicyOf(deps),
  );
  return { received: true, paymentId: recorded.payment.id, contractIds: recorded.contractIds };
}

export async function handleStripeWebhook(deps: Deps, stripe: StripePort | null, caller: Caller, rawBody: Buffer, signature: string | undefined) {
  if (!stripe || !deps.config.STRIPE_WEBHOOK_SECRET) throw stripeNotConfigured();
  const event = stripe.verifyEvent(rawBody, signature);
  const today = todayOf(caller.clock);
  const nowMs = caller.clock.nowMs();
  const outcome = await deps.knex.transaction(async (trx): Promise<WebhookOutcome> => {
    if (!(await stripeEvents.recordOnce(trx, { id: event.id, type: event.type, created: event.created }))) return { received: true, duplicate: true };
    const pi = event.data?.object as Stripe.PaymentIntent | undefined;
    const wellFormed = typeof pi?.id === 'string' && typeof pi.status === 'string' && Number.isSafeInteger(pi.amount) && pi.amount > 0;
    if ((event.type === 'payment_intent.succeeded' || STATUS_EVENTS.has(event.type)) && !wellFormed) {
      deps.log.error({ eventId: event.id, type: event.type }, 'signed Stripe event without a usable PaymentIntent; ignored');
      return { received: true, ignored: 'malformed payment intent' };
    }
    if (event.type === 'payment_intent.succeeded') return onSucceeded(deps, trx, pi!, today, nowMs);
    if (STATUS_EVENTS.has(event.type)) {
      await stripeIntents.advanceStatus(trx, pi!.id, pi!.status);
      return { received: true };
    }
    return { received: true, ignored: `event type ${event.type}` };
  });
  if (outcome.paymentId && outcome.contractIds) {
    deps.metrics.counter('seatlease_payments_total', 'Payments recorded', ['method']).inc({ method: 'stripe' });
    await afterMoneyMoved(deps, outcome.contractIds, today, nowMs);
  }
  const { contractIds: _omit, ...answer } = outcome;
  return answer;
}
