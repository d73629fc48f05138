/**
 * POST /v1/payments/stripe-intents — start a card, Alipay or WeChat Pay payment of an invoice's
 * amount due. The browser confirms it with the client secret; the money arrives through the
 * `payment_intent.succeeded` webhook, never through this call.
 */
import { parseWith, ruleBroken } from '@seatlease/shared';
import type { Caller, Deps } from '../deps';
import { visibleInvoice } from '../invoices/visible-invoice';
import { settlementOf } from '../invoices/invoice.repository';
import { amountsOf } from '../invoices/invoice-view';
import { stripeNotConfigured, type StripePort } from './stripe.client';
import { stripeIntents } from './stripe.repository';
import { STRIPE_METHODS, StripeIntentCreate as intentBody } from '@seatlease/shared/src/api';
export { STRIPE_METHODS };

export async function createStripeIntent(deps: Deps, stripe: StripePort | null, caller: Caller, body: unknown) {
  if (!stripe) throw stripeNotConfigured();
  const input = parseWith(intentBody, body);
  // tenant_finance: its own invoices only; another tenant's is "not found".
  const invoice = await visibleInvoice(deps, caller, input.invoiceId);
  const amounts = amountsOf(invoice, (await settlementOf(deps.knex, [invoice.id])).get(invoice.id)!);
  if (amounts.status !== 'open' || amounts.dueFen <= 0) throw ruleBroken('invoiceId', `invoice ${invoice.number} has nothing due`);
  // One intent per invoice, amount and method: a retried request (or a double click) gets the
  // same PaymentIntent back from Stripe; a changed amount due or method gets a new one.
  const idempotencyKey = `pi:${invoice.id}:${amounts.dueFen}:${input.method}`;
  const intent = await stripe.createPaymentIntent(
    { amountFen: amounts.dueFen, method: input.method, invoiceId: invoice.id, tenantId: invoice.tenant_id, description: `SeatLease ${invoice.number}` },
    idempotencyKey,
  );
  await stripeIntents.record(deps.knex, { id: intent.id, invoiceId: invoice.id, amountFen: intent.amountFen, status: intent.status });
  return {
    id: intent.id,
    clientSecret: intent.clientSecret,
    invoiceId: invoice.id,
    method: input.method,
    amount: intent.amountFen,
    currency: 'CNY',
    status: intent.status,
  };
}
