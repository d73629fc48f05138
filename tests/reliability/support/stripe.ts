/**
 * Stripe for the reliability suite: webhooks signed exactly as Stripe signs them
 * (stripe.webhooks.generateTestHeaderString), and nock standing in for api.stripe.com — never
 * the network. The nock wiring follows tests/test/stripe.test.ts: loopback fetches (the services
 * calling each other) pass through to the real servers.
 */
import Stripe from 'stripe';

export { nock, stripeNockOn } from '../../src/stripe-nock';

/** Only for signing test webhooks; no API call is made with it. */
const signer = new Stripe('sk_test_signer_only', { httpClient: Stripe.createFetchHttpClient() });

export function signature(payload: string, secret: string, timestamp?: number): string {
  return signer.webhooks.generateTestHeaderString({ payload, secret, ...(timestamp === undefined ? {} : { timestamp }) });
}

export function paymentIntent(id: string, o: { invoiceId: string; tenantId: string; status: string; amount: number; method?: string; metadata?: Record<string, string> }) {
  return {
    id,
    object: 'payment_intent',
    amount: o.amount,
    amount_received: o.status === 'succeeded' ? o.amount : 0,
    currency: 'cny',
    status: o.status,
    client_secret: `${id}_secret_reliability`,
    payment_method_types: [o.method ?? 'card'],
    metadata: { invoiceId: o.invoiceId, tenantId: o.tenantId, ...(o.metadata ?? {}) },
    livemode: false,
  };
}

export function stripeEvent(id: string, type: string, object: unknown, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ id, object: 'event', type, created: Math.floor(Date.now() / 1000), livemode: false, api_version: '2026-10-28.endive', data: { object }, ...extra });
}

/** POSTs a webhook to the gateway with no credential; `signatureHeader` null = none at all. */
export async function deliverWebhook(gatewayUrl: string, payload: string, signatureHeader: string | null) {
  const res = await fetch(`${gatewayUrl}/v1/webhooks/stripe`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(signatureHeader === null ? {} : { 'stripe-signature': signatureHeader }) },
    body: payload,
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text, body: text ? (JSON.parse(text) as Record<string, any>) : null };
}
