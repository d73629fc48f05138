/**
 * Issue 15: tenant finance pays a bill in the console with Stripe's Payment Element, Stripe
 * configured. The server side is the real route (POST /v1/payments/stripe-intents) with nock
 * standing in for api.stripe.com, as every Stripe test does; the browser loads Stripe.js from
 * Stripe's origin, which this machine cannot reach, so the browser context answers that one
 * origin with a stand-in that mounts a field and, on confirm, sends the person back to the
 * return URL as Stripe does. The money is booked only by the signed webhook; the bill page
 * follows the bill until it is paid. The console's CSP admits Stripe's origins only here.
 */
import { expect } from 'chai';
import Stripe from 'stripe';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { en, zh } from '../../console/src/messages';
import { formatFen } from '../../console/src/format';
import { startSystem, type System } from '../src/system';
import { nock, stripeNockOn } from '../src/stripe-nock';
import { buildConsoleIfStale, expectNoSeriousA11y, launchBrowser, screenshot, signInWithKey } from '../src/browser';

const WEBHOOK_SECRET = 'whsec_console';
const PUBLISHABLE_KEY = 'pk_test_console123';
const signer = new Stripe('sk_test_console', { httpClient: Stripe.createFetchHttpClient() });

/** What the browser gets for https://js.stripe.com/*: records what the console gave it. */
const STRIPE_JS_STAND_IN = `
window.__stand = { calls: [] };
window.Stripe = function (pk, options) {
  window.__stand.pk = pk;
  window.__stand.locale = options && options.locale;
  return {
    elements: function (o) {
      window.__stand.clientSecret = o.clientSecret;
      return {
        create: function (type) {
          window.__stand.calls.push('create:' + type);
          var node;
          return {
            mount: function (el) {
              node = document.createElement('p');
              node.textContent = 'Stripe Payment Element (' + type + ')';
              (typeof el === 'string' ? document.querySelector(el) : el).appendChild(node);
              window.__stand.calls.push('mount');
            },
            destroy: function () { if (node) node.remove(); },
          };
        },
      };
    },
    confirmPayment: function (o) {
      window.__stand.calls.push('confirm');
      var u = new URL(o.confirmParams.return_url);
      u.searchParams.set('payment_intent', 'pi_console_1');
      u.searchParams.set('redirect_status', 'succeeded');
      window.location.assign(u.toString());
      return new Promise(function () {});
    },
  };
};`;

describe('the console: tenant finance pays a bill with Stripe (Payment Element)', function () {
  this.timeout(120_000);
  this.bail(true);
  let sys: System;
  let browser: Browser;
  let ctx: BrowserContext;
  let page: Page;
  let tenantId = '';
  let bill: { id: string; number: string; amountDue: number };
  let restoreNock = () => {};
  const stripeJsRequests: string[] = [];

  async function check(name: string) {
    for (const [lang, switchTo] of [
      ['zh', zh['lang.switch']],
      ['en', en['lang.switch']],
    ] as const) {
      await expectNoSeriousA11y(page, `${name} (${lang})`);
      await screenshot(page, `stripe-${name}-${lang}`);
      await page.getByRole('button', { name: switchTo }).click();
    }
  }

  before(async () => {
    buildConsoleIfStale();
    restoreNock = stripeNockOn();
    [sys, browser] = await Promise.all([
      startSystem('console_stripe', { STRIPE_SECRET_KEY: 'sk_test_console', STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_PUBLISHABLE_KEY: PUBLISHABLE_KEY }),
      launchBrowser(),
    ]);
    await sys.advanceTo('2027-03-01T09:00:00+08:00');
    tenantId = (await sys.api('POST', '/v1/tenants', { name: '在线支付租户', billingEmails: ['pay@tenant.example'] })).body.id;
    const c = await sys.api('POST', '/v1/contracts', { tenantId, seatTier: 'county', startMonth: '2027-03', termMonths: 12, seats: 2, openingDate: '2027-03-10' });
    expect(c.status, c.text).to.equal(201);
    bill = (await sys.api('GET', `/v1/invoices?contractId=${c.body.id}`)).body.data[0];
    const key = await sys.api('POST', '/v1/api-keys', { role: 'tenant_finance', tenantId, name: '财务' });
    ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    ctx.setDefaultTimeout(10_000);
    await ctx.route('https://js.stripe.com/**', (route) => {
      stripeJsRequests.push(route.request().url());
      return route.fulfill({ status: 200, contentType: 'application/javascript', body: STRIPE_JS_STAND_IN });
    });
    page = await ctx.newPage();
    await signInWithKey(page, `${sys.gatewayUrl}/console/`, key.body.token);
    await page.getByRole('heading', { name: zh['bills.title'] }).waitFor();
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await screenshot(page, 'stripe-failed').catch(() => undefined);
    expect(nock.pendingMocks(), 'every nock scope used').to.deep.equal([]);
  });
  after(async () => {
    await browser?.close();
    await sys?.close();
    restoreNock();
  });

  it('the console’s CSP admits Stripe’s origins when Stripe is configured, and nothing else new', async () => {
    const res = await fetch(`${sys.gatewayUrl}/console/`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).to.include("script-src 'self' https://js.stripe.com https://*.js.stripe.com");
    expect(csp).to.include('frame-src https://js.stripe.com https://*.js.stripe.com https://hooks.stripe.com');
    expect(csp).to.include("connect-src 'self' https://api.stripe.com");
    expect(csp).to.include("style-src 'self';");
    const config = await sys.api('GET', '/v1/payments/stripe-config');
    expect(config.body).to.deep.equal({ publishableKey: PUBLISHABLE_KEY, methods: ['card', 'alipay', 'wechat_pay'] });
  });

  it('pays by Alipay: the API makes the PaymentIntent for the amount due, Stripe’s element takes over, the webhook books it and the bill turns paid', async () => {
    await page.getByRole('link', { name: bill.number }).click();
    await page.getByRole('heading', { name: new RegExp(bill.number) }).waitFor();
    await page.getByRole('heading', { name: zh['pay.title'] }).waitFor();
    expect(stripeJsRequests, 'Stripe.js is loaded only when a payment starts').to.deep.equal([]);
    await check('01-bill-pay');

    let sent: Record<string, string> = {};
    const scope = nock('https://api.stripe.com')
      .post('/v1/payment_intents', (body: Record<string, string>) => {
        sent = body;
        return true;
      })
      .matchHeader('idempotency-key', `pi:${bill.id}:${bill.amountDue}:alipay`)
      .reply(200, {
        id: 'pi_console_1',
        object: 'payment_intent',
        amount: bill.amountDue,
        amount_received: 0,
        currency: 'cny',
        status: 'requires_payment_method',
        client_secret: 'pi_console_1_secret_xyz',
        payment_method_types: ['alipay'],
        metadata: { invoiceId: bill.id, tenantId },
        livemode: false,
      });
    await page.getByLabel(zh['pay.method']).selectOption('alipay');
    await page.getByRole('button', { name: zh['pay.start'].replace('{amount}', formatFen(bill.amountDue)) }).click();
    await page.getByText('Stripe Payment Element (payment)').waitFor();
    expect(scope.isDone()).to.equal(true);
    expect(sent).to.include({ amount: String(bill.amountDue), currency: 'cny', 'allowed_payment_method_types[0]': 'alipay', 'metadata[invoiceId]': bill.id });
    expect(stripeJsRequests).to.have.length(1);
    const stand = await page.evaluate<{ pk: string; clientSecret: string; locale: string; calls: string[] }>('window.__stand');
    expect(stand).to.deep.include({ pk: PUBLISHABLE_KEY, clientSecret: 'pi_console_1_secret_xyz', locale: 'zh' });
    await check('02-stripe-element');

    await page.getByRole('button', { name: zh['pay.confirm'].replace('{amount}', formatFen(bill.amountDue)) }).click();
    await page.waitForURL(/\?payment=returned&payment_intent=pi_console_1/);
    await page.getByText(zh['pay.waiting']).waitFor();
    expect((await sys.api('GET', `/v1/invoices/${bill.id}`)).body.status, 'nothing booked before the webhook').to.equal('open');
    await check('03-waiting');

    const payload = JSON.stringify({
      id: 'evt_console_1',
      object: 'event',
      type: 'payment_intent.succeeded',
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      api_version: '2026-10-28.endive',
      data: {
        object: {
          id: 'pi_console_1',
          object: 'payment_intent',
          amount: bill.amountDue,
          amount_received: bill.amountDue,
          currency: 'cny',
          status: 'succeeded',
          payment_method_types: ['alipay'],
          metadata: { invoiceId: bill.id, tenantId },
          livemode: false,
        },
      },
    });
    const hook = await fetch(`${sys.gatewayUrl}/v1/webhooks/stripe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': signer.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET }) },
      body: payload,
    });
    expect(hook.status, await hook.text()).to.equal(200);
    await page.getByRole('heading', { name: `${bill.number} · ${zh['bills.status.paid']}` }).waitFor();
    await page.getByText(zh['pay.paid']).waitFor();
    const payments = (await sys.api('GET', `/v1/payments?tenantId=${tenantId}`)).body.data;
    expect(payments.map((p: { reference: string; method: string; amount: number }) => [p.reference, p.method, p.amount])).to.deep.equal([['pi_console_1', 'alipay', bill.amountDue]]);
    await check('04-paid');
  });
});
