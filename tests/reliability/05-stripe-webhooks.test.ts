/**
 * Reliability 5: Stripe webhooks as Stripe really delivers them — each event possibly several
 * times, in any order, some at the same moment — mixed with forgeries (wrong secret, stale
 * timestamp, body altered after signing, garbage or missing signature). For every seed the final
 * state is the one the events mean, whatever the order:
 *   X: created, processing, payment_failed, succeeded (under two event ids) → paid once
 *   Y: processing, payment_failed, canceled                                 → open, intent canceled
 *   Z: processing, succeeded for half the amount                            → half paid, still open
 *   V: succeeded whose metadata names another tenant                       → ignored, open
 *   plus a succeeded for no invoice of ours and an event type we do not handle → acknowledged only.
 * Forgeries answer 400 problem+json naming stripe-signature and change nothing.
 */
import { expect } from 'chai';
import { startSystem, type System } from '../src/system';
import { rng, seeds, shuffle, soak } from './support';
import { deliverWebhook, nock, paymentIntent, signature, stripeEvent, stripeNockOn } from './support/stripe';

const WEBHOOK_SECRET = 'whsec_reliability_webhook_secret';
const SEEDS = seeds([11, 22, 33], 25);

describe('reliability 5: Stripe webhooks replayed, reordered, forged', function () {
  this.timeout(soak(90_000, 900_000));
  let sys: System;
  let nockOff = () => {};
  let otherTenantId: string;

  before(async () => {
    nockOff = stripeNockOn();
    sys = await startSystem('rel_stripe', { STRIPE_SECRET_KEY: 'sk_test_reliability_secret_key', STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET });
    await sys.advanceTo('2027-03-01T09:00:00+08:00');
    otherTenantId = (await sys.api('POST', '/v1/tenants', { name: '另一个租户', billingEmails: ['other@stripe-reliability.example'] })).body.id;
  });
  after(async () => {
    await sys?.close();
    nockOff();
  });

  for (const seed of SEEDS) {
    it(`seed ${seed}: the final state the events mean, whatever the order; forgeries refused`, async () => {
      const random = rng(seed);
      const tenant = await sys.api('POST', '/v1/tenants', { name: `Stripe 租户 ${seed}`, billingEmails: [`pay${seed}@stripe-reliability.example`] });
      const tenantId = tenant.body.id as string;
      const invoices: Record<'X' | 'Y' | 'Z' | 'V', { id: string; total: number }> = {} as never;
      for (const key of ['X', 'Y', 'Z', 'V'] as const) {
        const c = await sys.api('POST', '/v1/contracts', { tenantId, seatTier: 'province', startMonth: '2027-03', termMonths: 12, seats: 1, openingDate: '2027-03-15' });
        expect(c.status, c.text).to.equal(201);
        invoices[key] = { id: c.body.openingInvoice.id, total: c.body.openingInvoice.total };
      }
      const pi = (key: string) => `pi_rel_${seed}_${key}`;
      // The intents exist at Stripe (nock) and with us, as a tenant's checkout creates them.
      for (const key of ['X', 'Y', 'Z'] as const) {
        const scope = nock('https://api.stripe.com')
          .post('/v1/payment_intents')
          .reply(200, paymentIntent(pi(key), { invoiceId: invoices[key].id, tenantId, status: 'requires_payment_method', amount: invoices[key].total }));
        const res = await sys.api('POST', '/v1/payments/stripe-intents', { invoiceId: invoices[key].id, method: 'card' });
        expect(res.status, res.text).to.equal(201);
        expect(scope.isDone()).to.equal(true);
      }

      const intent = (key: 'X' | 'Y' | 'Z' | 'V', status: string, amount = invoices[key].total, metadataTenant = tenantId) =>
        paymentIntent(pi(key), { invoiceId: invoices[key].id, tenantId: metadataTenant, status, amount });
      const ev = (name: string, type: string, object: unknown) => ({ id: `evt_rel_${seed}_${name}`, payload: stripeEvent(`evt_rel_${seed}_${name}`, type, object) });
      const events = [
        ev('x_created', 'payment_intent.created', intent('X', 'requires_payment_method')),
        ev('x_processing', 'payment_intent.processing', intent('X', 'processing')),
        ev('x_failed', 'payment_intent.payment_failed', intent('X', 'requires_payment_method')),
        ev('x_succeeded', 'payment_intent.succeeded', intent('X', 'succeeded')),
        ev('x_succeeded_again', 'payment_intent.succeeded', intent('X', 'succeeded')),
        ev('y_processing', 'payment_intent.processing', intent('Y', 'processing')),
        ev('y_failed', 'payment_intent.payment_failed', intent('Y', 'requires_payment_method')),
        ev('y_canceled', 'payment_intent.canceled', intent('Y', 'canceled')),
        ev('z_processing', 'payment_intent.processing', intent('Z', 'processing')),
        ev('z_succeeded', 'payment_intent.succeeded', intent('Z', 'succeeded', Math.floor(invoices.Z.total / 2))),
        ev('v_tampered', 'payment_intent.succeeded', intent('V', 'succeeded', invoices.V.total, otherTenantId)),
        ev('stray', 'payment_intent.succeeded', paymentIntent(`pi_rel_${seed}_stray`, { invoiceId: '00000000-0000-4000-8000-00000000beef', tenantId, status: 'succeeded', amount: 100 })),
        ev('unhandled', 'customer.created', { id: `cus_rel_${seed}`, object: 'customer' }),
      ];
      const forgedPayload = stripeEvent(`evt_rel_${seed}_forged`, 'payment_intent.succeeded', intent('Y', 'succeeded'));
      const forgeries = [
        { what: 'wrong secret', payload: forgedPayload, header: signature(forgedPayload, 'whsec_someone_else') },
        { what: 'stale (10 min)', payload: forgedPayload, header: signature(forgedPayload, WEBHOOK_SECRET, Math.floor(Date.now() / 1000) - 600) },
        { what: 'altered after signing', payload: forgedPayload.replace(`"amount":${invoices.Y.total}`, '"amount":1'), header: signature(forgedPayload, WEBHOOK_SECRET) },
        { what: 'garbage', payload: forgedPayload, header: 't=1,v1=deadbeef' },
        { what: 'missing', payload: forgedPayload, header: null },
        // A genuine event replayed with a signature made long ago.
        { what: 'replayed genuine event, stale signature', payload: events[3]!.payload, header: signature(events[3]!.payload, WEBHOOK_SECRET, Math.floor(Date.now() / 1000) - 3_600) },
      ];
      expect(forgeries[2]!.payload).to.not.equal(forgedPayload);

      // Each genuine event 1–3 times (Stripe retries), all shuffled with the forgeries, sent in
      // concurrent batches of 1–4 (retries overlap in real life).
      type Delivery = { kind: 'genuine'; id: string; payload: string } | { kind: 'forged'; what: string; payload: string; header: string | null };
      const deliveries: Delivery[] = [];
      for (const e of events) for (let n = 1 + Math.floor(random() * 3); n > 0; n--) deliveries.push({ kind: 'genuine', ...e });
      for (const f of forgeries) deliveries.push({ kind: 'forged', ...f });
      const order = shuffle(deliveries, random);
      const answers: Array<{ d: Delivery; status: number; contentType: string; body: Record<string, any> | null }> = [];
      for (let i = 0; i < order.length; ) {
        const batch = order.slice(i, i + 1 + Math.floor(random() * 4));
        i += batch.length;
        const results = await Promise.all(
          batch.map((d) => deliverWebhook(sys.gatewayUrl, d.payload, d.kind === 'genuine' ? signature(d.payload, WEBHOOK_SECRET) : d.header)),
        );
        results.forEach((r, k) => answers.push({ d: batch[k]!, ...r }));
      }

      for (const a of answers) {
        if (a.d.kind === 'genuine') {
          expect(a.status, `${a.d.id}: ${JSON.stringify(a.body)}`).to.equal(200);
        } else {
          expect(a.status, `forgery (${a.d.what})`).to.equal(400);
          expect(a.contentType, `forgery (${a.d.what})`).to.contain('application/problem+json');
          expect(a.body!.errors[0].path).to.equal('stripe-signature');
        }
      }

      const invoice = async (key: 'X' | 'Y' | 'Z' | 'V') => (await sys.api('GET', `/v1/invoices/${invoices[key].id}`)).body;
      expect(await invoice('X')).to.include({ status: 'paid', amountPaid: invoices.X.total, amountDue: 0 });
      expect(await invoice('Y')).to.include({ status: 'open', amountPaid: 0 });
      expect(await invoice('Z')).to.include({ status: 'open', amountPaid: Math.floor(invoices.Z.total / 2) });
      expect(await invoice('V')).to.include({ status: 'open', amountPaid: 0 });

      const knex = sys.billing.knex;
      const intents = Object.fromEntries((await knex('stripe_payment_intents').where('id', 'like', `pi_rel_${seed}_%`)).map((r) => [r.id, r.status]));
      expect(intents).to.deep.equal({ [pi('X')]: 'succeeded', [pi('Y')]: 'canceled', [pi('Z')]: 'succeeded' });
      const payments = await knex('payments').where({ tenant_id: tenantId }).orderBy('reference');
      expect(payments.map((p) => [p.reference, Number(p.amount_fen)])).to.deep.equal([
        [pi('X'), invoices.X.total],
        [pi('Z'), Math.floor(invoices.Z.total / 2)],
      ]);
      expect(await knex('payments').where('reference', 'like', `pi_rel_${seed}_stray`).first()).to.equal(undefined);
      const stored = (await knex('stripe_events').where('id', 'like', `evt_rel_${seed}_%`)).map((r) => r.id).sort();
      expect(stored, 'each genuine event recorded once, no forged one').to.deep.equal(events.map((e) => e.id).sort());
      const mails = await knex('mail_outbox').where({ kind: 'payment_received' }).whereRaw('? = any(recipients)', [`pay${seed}@stripe-reliability.example`]);
      expect(mails, 'one payment_received mail per payment').to.have.length(2);
    });
  }
});
