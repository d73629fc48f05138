/**
 * Stripe behind a small interface (STYLE habit 8). One client per process and secret key:
 * stripe-node keeps connection state, and building one per request would waste it.
 * `Stripe.createFetchHttpClient()` because the default Node client can hang under nock
 * (STYLE pitfalls); fetch is Node 20's own and is what production uses too.
 *
 * We never see card data: the browser hands it to Stripe with the client secret; we keep the
 * PaymentIntent's id, amount and status only.
 */
import Stripe from 'stripe';
import { AppError, type Config } from '@seatlease/shared';

/** Automatic retries of a failed Stripe call (each with the same idempotency key). */
const MAX_NETWORK_RETRIES = 2;
/** A Stripe call that takes longer is abandoned (and retried); under the gateway's own timeout. */
const STRIPE_TIMEOUT_MS = 8_000;

export interface CreatedIntent {
  id: string;
  clientSecret: string;
  amountFen: number;
  currency: string;
  status: string;
}

export interface StripePort {
  createPaymentIntent(
    params: { amountFen: number; method: 'card' | 'alipay' | 'wechat_pay'; invoiceId: string; tenantId: string; description: string },
    idempotencyKey: string,
  ): Promise<CreatedIntent>;
  /** The verified event; throws AppError validation (400) on a bad or stale signature. */
  verifyEvent(rawBody: Buffer, signatureHeader: string | undefined): Stripe.Event;
}

const clients = new Map<string, Stripe>();

function clientFor(secretKey: string): Stripe {
  let client = clients.get(secretKey);
  if (!client) {
    client = new Stripe(secretKey, {
      httpClient: Stripe.createFetchHttpClient(),
      maxNetworkRetries: MAX_NETWORK_RETRIES,
      timeout: STRIPE_TIMEOUT_MS,
      telemetry: false,
    });
    clients.set(secretKey, client);
  }
  return client;
}

export const stripeNotConfigured = () =>
  new AppError('not_configured', 'card and Alipay/WeChat Pay payments need Stripe, which is not configured here (STRIPE_SECRET_KEY); record bank transfers with POST /v1/payments');

/** The Stripe port for this configuration, or null when Stripe is off (no secret key). */
export function stripePortFor(config: Config): StripePort | null {
  const secretKey = config.STRIPE_SECRET_KEY;
  if (!secretKey) return null;
  const webhookSecret = config.STRIPE_WEBHOOK_SECRET;
  return {
    async createPaymentIntent(p, idempotencyKey) {
      let pi: Stripe.PaymentIntent;
      try {
        pi = await clientFor(secretKey).paymentIntents.create(
          {
            amount: p.amountFen,
            currency: 'cny',
            // stripe-node 23 (API 2026-10-28.endive) renamed the request field `payment_method_types`
            // to `allowed_payment_method_types`; the PaymentIntent still reports `payment_method_types`.
            allowed_payment_method_types: [p.method],
            description: p.description,
            metadata: { invoiceId: p.invoiceId, tenantId: p.tenantId },
          },
          { idempotencyKey },
        );
      } catch (err) {
        const e = err as { type?: string; message?: string; statusCode?: number };
        throw new AppError('upstream', `Stripe refused the payment intent: ${e.message ?? String(err)}`, [], { stripeError: e.type ?? null });
      }
      // An answer that is not a PaymentIntent (e.g. a proxy's error page) must not pass as one.
      if (typeof pi?.id !== 'string' || !pi.id.startsWith('pi_') || typeof pi.client_secret !== 'string') {
        throw new AppError('upstream', 'Stripe answered something that is not a PaymentIntent');
      }
      return { id: pi.id, clientSecret: pi.client_secret, amountFen: pi.amount, currency: pi.currency, status: pi.status };
    },
    verifyEvent(rawBody, signatureHeader) {
      if (!webhookSecret) throw stripeNotConfigured();
      if (!signatureHeader) throw new AppError('validation', 'the Stripe-Signature header is missing', [{ path: 'stripe-signature', message: 'is missing' }]);
      try {
        // Default tolerance (300 s) against real time: Stripe signs with real time, and a
        // replayed old delivery must fail whatever the test clock says.
        return clientFor(secretKey).webhooks.constructEvent(rawBody, signatureHeader, webhookSecret);
      } catch (err) {
        const message = (err as Error).message.split('\n')[0] ?? 'invalid signature';
        throw new AppError('validation', `the Stripe signature does not verify: ${message}`, [{ path: 'stripe-signature', message }]);
      }
    },
  };
}
