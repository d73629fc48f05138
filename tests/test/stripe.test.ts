/**
 * Card / Alipay / WeChat Pay through Stripe, with nock standing in for api.stripe.com (never
 * the network: loopback only). The webhook goes through the gateway unauthenticated, signed
 * like Stripe signs it.
 */
import { expect } from 'chai';
import Stripe from 'stripe';
import { startSystem, type System } from '../src/system';
import { nock, stripeNockOn } from '../src/stripe-nock';

const WEBHOOK_SECRET = 'whsec_test';

// nock only for api.stripe.com, loopback passes through: see tests/src/stripe-nock.ts.

/** Only for signing test webhooks (no API call is made with it). */
const stripe = new Stripe('sk_test_x', { httpClient: Stripe.createFetchHttpClient() });

describe('Stripe payments: intents and webhooks (nock)', () => {
  let sys: System;
  let tenantId: string;
  let invoiceId: string;
  let contractId: string;
  let financeToken: string;
  let eventSeq = 0;

  async function sign(tenant: string, openingDate = '2027-03-15') {
    const c = await sys.api('POST', '/v1/contracts', { tenantId: tenant, seatTier: 'province', startMonth: openingDate.slice(0, 7), termMonths: 12, seats: 1, openingDate });
    expect(c.status, c.text).to.equal(201);
    const inv = (await sys.api('GET', `/v1/invoices?contractId=${c.body.id}`)).body.data[0];
    return { contractId: c.body.id as string, invoiceId: inv.id as string, total: inv.total as number };
  }

  function intentObject(id: string, invoice: string, tenant: string, status: string, amount = 400000, method = 'alipay') {
    return {
      id,
      object: 'payment_intent',
      amount,
      amount_received: status === 'succeeded' ? amount : 0,
      currency: 'cny',
      status,
      client_secret: `${id}_secret_abc`,
      payment_method_types: [method],
      metadata: { invoiceId: invoice, tenantId: tenant },
      livemode: false,
    };
  }

  function event(type: string, object: unknown, id = `evt_${++eventSeq}`) {
    return JSON.stringify({ id, object: 'event', type, created: Math.floor(Date.now() / 1000), livemode: false, api_version: '2026-10-28.endive', data: { object } });
  }

  /** POSTs a webhook to the gateway with no credential, signed with `secret` at `timestamp`. */
  async function deliver(payload: string, opts: { secret?: string; timestamp?: number; signature?: string | null } = {}) {
    const header =
      opts.signature === null
        ? undefined
        : (opts.signature ?? stripe.webhooks.generateTestHeaderString({ payload, secret: opts.secret ?? WEBHOOK_SECRET, timestamp: opts.timestamp }));
    const res = await fetch(`${sys.gatewayUrl}/v1/webhooks/stripe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(header ? { 'stripe-signature': header } : {}) },
      body: payload,
    });
    const text = await res.text();
    return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: text ? JSON.parse(text) : null };
  }

  const invoice = async (id: string) => (await sys.api('GET', `/v1/invoices/${id}`)).body;
  const paymentsOf = async (tenant: string) => (await sys.api('GET', `/v1/payments?tenantId=${tenant}`)).body.data as Array<{ reference: string; method: string; amount: number }>;

  let restoreFetch = () => {};
  before(async () => {
    restoreFetch = stripeNockOn();
    sys = await startSystem('stripe', { STRIPE_SECRET_KEY: 'sk_test_x', STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET });
    await sys.advanceTo('2027-03-01T09:00:00+08:00');
    const t = await sys.api('POST', '/v1/tenants', { name: '支付宝测试租户', billingEmails: ['pay@tenant.example'] });
    tenantId = t.body.id;
    ({ invoiceId, contractId } = await sign(tenantId));
    const key = await sys.api('POST', '/v1/api-keys', { role: 'tenant_finance', tenantId, name: 'tenant finance' });
    expect(key.status, key.text).to.equal(201);
    financeToken = key.body.token;
  });
  after(async () => {
    await sys?.close();
    restoreFetch();
  });
  afterEach(() => {
    expect(nock.pendingMocks(), 'every nock scope used').to.deep.equal([]);
    nock.cleanAll();
  });

  it('creates a PaymentIntent in CNY for the amount due, idempotently keyed, for the tenant itself', async () => {
    let sent: Record<string, string> = {};
    const scope = nock('https://api.stripe.com')
      .post('/v1/payment_intents', (body: Record<string, string>) => {
        sent = body;
        return true;
      })
      .matchHeader('idempotency-key', `pi:${invoiceId}:400000:alipay`)
      .matchHeader('authorization', 'Bearer sk_test_x')
      .reply(200, intentObject('pi_alipay_1', invoiceId, tenantId, 'requires_payment_method'));
    const res = await sys.as(financeToken)('POST', '/v1/payments/stripe-intents', { invoiceId, method: 'alipay' });
    expect(res.status, res.text).to.equal(201);
    expect(scope.isDone()).to.equal(true);
    expect(res.body).to.include({ id: 'pi_alipay_1', clientSecret: 'pi_alipay_1_secret_abc', amount: 400000, currency: 'CNY', status: 'requires_payment_method' });
    expect(sent).to.include({ amount: '400000', currency: 'cny', 'allowed_payment_method_types[0]': 'alipay', 'metadata[invoiceId]': invoiceId, 'metadata[tenantId]': tenantId });
    const stored = await sys.billing.knex('stripe_payment_intents').where({ id: 'pi_alipay_1' }).first();
    expect(stored).to.include({ invoice_id: invoiceId, amount_fen: 400000, status: 'requires_payment_method' });
    // Nothing about the card or wallet is kept: only id, invoice, amount, status.
    expect(Object.keys(stored).sort()).to.deep.equal(['amount_fen', 'created_at', 'id', 'invoice_id', 'status']);
  });

  it("refuses another tenant's invoice (404), a bad method (400), and reports Stripe's refusal as 502", async () => {
    const other = await sys.api('POST', '/v1/tenants', { name: '别的租户', billingEmails: ['other@tenant.example'] });
    const theirs = await sign(other.body.id);
    const notMine = await sys.as(financeToken)('POST', '/v1/payments/stripe-intents', { invoiceId: theirs.invoiceId, method: 'card' });
    expect(notMine.status).to.equal(404);
    const bad = await sys.api('POST', '/v1/payments/stripe-intents', { invoiceId, method: 'paypal' });
    expect(bad.status).to.equal(400);
    expect(bad.body.errors[0].path).to.equal('method');
    const scope = nock('https://api.stripe.com')
      .post('/v1/payment_intents')
      .reply(400, { error: { type: 'invalid_request_error', message: 'Amount must convert to at least 400 fen.' } });
    const refused = await sys.api('POST', '/v1/payments/stripe-intents', { invoiceId: theirs.invoiceId, method: 'card' });
    expect(scope.isDone()).to.equal(true);
    expect(refused.status).to.equal(502);
    expect(refused.body.detail).to.contain('Amount must convert');
  });

  it('payment_intent.succeeded marks the invoice paid; the same event again changes nothing', async () => {
    const payload = event('payment_intent.succeeded', intentObject('pi_alipay_1', invoiceId, tenantId, 'succeeded'), 'evt_succeeded_1');
    const first = await deliver(payload);
    expect(first.status, JSON.stringify(first.body)).to.equal(200);
    expect(first.body).to.include({ received: true });
    expect(first.body.paymentId).to.be.a('string');
    expect(await invoice(invoiceId)).to.include({ status: 'paid', amountDue: 0, amountPaid: 400000 });
    const payments = await paymentsOf(tenantId);
    expect(payments.map((p) => [p.reference, p.method, p.amount])).to.deep.equal([['pi_alipay_1', 'alipay', 400000]]);
    expect((await sys.billing.knex('stripe_payment_intents').where({ id: 'pi_alipay_1' }).first()).status).to.equal('succeeded');
    expect(await sys.billing.knex('mail_outbox').where({ kind: 'payment_received' }).count({ n: '*' }).first()).to.deep.equal({ n: 1 });

    const replay = await deliver(payload);
    expect(replay.status).to.equal(200);
    expect(replay.body).to.deep.equal({ received: true, duplicate: true });
    expect(await paymentsOf(tenantId)).to.have.length(1);
    expect(await invoice(invoiceId)).to.include({ amountPaid: 400000 });
    expect(await sys.billing.knex('mail_outbox').where({ kind: 'payment_received' }).count({ n: '*' }).first()).to.deep.equal({ n: 1 });
  });

  it('a bad, missing or stale signature is a 400 problem and changes nothing', async () => {
    const payload = event('payment_intent.succeeded', intentObject('pi_forged', invoiceId, tenantId, 'succeeded', 1), 'evt_forged');
    const wrongSecret = await deliver(payload, { secret: 'whsec_someone_else' });
    expect(wrongSecret.status).to.equal(400);
    expect(wrongSecret.contentType).to.contain('application/problem+json');
    expect(wrongSecret.body.errors[0].path).to.equal('stripe-signature');
    expect((await deliver(payload, { signature: null })).status).to.equal(400);
    expect((await deliver(payload, { signature: 'garbage' })).status).to.equal(400);
    // Signed correctly, but 10 minutes ago (tolerance 300 s): a replayed old delivery.
    const stale = await deliver(payload, { timestamp: Math.floor(Date.now() / 1000) - 600 });
    expect(stale.status).to.equal(400);
    expect(stale.body.detail).to.contain('tolerance');
    // The body altered after signing.
    const header = stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
    expect((await deliver(payload.replace('"amount":1', '"amount":2'), { signature: header })).status).to.equal(400);
    expect(await sys.billing.knex('stripe_events').where({ id: 'evt_forged' }).first()).to.equal(undefined);
    expect(await sys.billing.knex('payments').where({ reference: 'pi_forged' }).first()).to.equal(undefined);
  });

  it('out of order: processing or payment_failed after succeeded never reopens the invoice', async () => {
    for (const [type, status] of [
      ['payment_intent.payment_failed', 'requires_payment_method'],
      ['payment_intent.processing', 'processing'],
      ['payment_intent.canceled', 'canceled'],
    ]) {
      const res = await deliver(event(type!, intentObject('pi_alipay_1', invoiceId, tenantId, status!)));
      expect(res.status, type).to.equal(200);
    }
    expect((await sys.billing.knex('stripe_payment_intents').where({ id: 'pi_alipay_1' }).first()).status).to.equal('succeeded');
    expect(await invoice(invoiceId)).to.include({ status: 'paid', amountDue: 0 });
    expect(await paymentsOf(tenantId)).to.have.length(1);
    expect((await sys.api('GET', `/v1/contracts/${contractId}`)).status).to.equal(200);
  });

  it('failed first, then succeeded: paid by card; a succeeded event for no invoice of ours is acknowledged, not booked', async () => {
    const next = await sign(tenantId);
    const scope = nock('https://api.stripe.com')
      .post('/v1/payment_intents')
      .matchHeader('idempotency-key', `pi:${next.invoiceId}:400000:card`)
      .reply(200, intentObject('pi_card_2', next.invoiceId, tenantId, 'requires_payment_method', 400000, 'card'));
    expect((await sys.api('POST', '/v1/payments/stripe-intents', { invoiceId: next.invoiceId, method: 'card' })).status).to.equal(201);
    expect(scope.isDone()).to.equal(true);
    await deliver(event('payment_intent.payment_failed', intentObject('pi_card_2', next.invoiceId, tenantId, 'requires_payment_method', 400000, 'card')));
    expect((await sys.billing.knex('stripe_payment_intents').where({ id: 'pi_card_2' }).first()).status).to.equal('requires_payment_method');
    expect(await invoice(next.invoiceId)).to.include({ status: 'open', amountDue: 400000 });
    const ok = await deliver(event('payment_intent.succeeded', intentObject('pi_card_2', next.invoiceId, tenantId, 'succeeded', 400000, 'card')));
    expect(ok.status).to.equal(200);
    expect(await invoice(next.invoiceId)).to.include({ status: 'paid', amountDue: 0 });
    expect((await paymentsOf(tenantId)).map((p) => [p.reference, p.method])).to.deep.include(['pi_card_2', 'card']);

    const stray = await deliver(event('payment_intent.succeeded', intentObject('pi_stray', '00000000-0000-4000-8000-000000000009', tenantId, 'succeeded')));
    expect(stray.status).to.equal(200);
    expect(stray.body.ignored).to.be.a('string');
    expect(await sys.billing.knex('payments').where({ reference: 'pi_stray' }).first()).to.equal(undefined);
    const unknown = await deliver(event('customer.created', { id: 'cus_1', object: 'customer' }));
    expect(unknown.status).to.equal(200);
    expect(unknown.body.ignored).to.contain('customer.created');
  });

  it('a paid invoice gets no new intent (422 naming invoiceId)', async () => {
    const res = await sys.api('POST', '/v1/payments/stripe-intents', { invoiceId, method: 'card' });
    expect(res.status).to.equal(422);
    expect(res.body.errors[0].path).to.equal('invoiceId');
  });
});
