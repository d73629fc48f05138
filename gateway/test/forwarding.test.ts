import { randomBytes, randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { freePort } from '@seatlease/shared';
import { ADMIN_TOKEN, INTERNAL_TOKEN, UPSTREAM_TIMEOUT_MS, call, expectProblem, startHarness, type Harness } from './support/harness';

describe('gateway: forwarding to the services', () => {
  let h: Harness;
  let base: string;

  before(async () => {
    h = await startHarness('forwarding');
    base = h.gateway.url;
  });
  beforeEach(() => {
    h.contract.reset();
    h.billing.reset();
  });
  after(async () => h?.stop());

  it('passes the internal token, the actor, the request id and the test clock to the service', async () => {
    const res = await call(base, 'GET', '/v1/contracts/c-1?include=seats', { headers: { 'x-request-id': 'req-abc-123', accept: 'application/json' } });
    expect(res.status, res.text).to.equal(200);
    expect(res.headers.get('x-request-id')).to.equal('req-abc-123');
    const got = h.contract.last();
    expect(got.url).to.equal('/v1/contracts/c-1?include=seats');
    expect(got.headers['x-seatlease-internal']).to.equal(INTERNAL_TOKEN);
    expect(got.headers['x-request-id']).to.equal('req-abc-123');
    expect(got.headers.accept).to.equal('application/json');
    expect(got.headers.authorization).to.equal(undefined);
    const actor = JSON.parse(String(got.headers['x-seatlease-actor']));
    expect(actor).to.include({ role: 'staff', tenantId: null, name: 'bootstrap admin' });
    expect(actor.keyId).to.match(/^[0-9a-f-]{36}$/);
    const clock = await call(base, 'GET', '/v1/clock');
    expect(Date.parse(String(got.headers['x-seatlease-now']))).to.equal(Date.parse(clock.json.now));
    expect(h.billing.received).to.have.length(0);
  });

  it('generates a request id when none (or an overlong one) is sent', async () => {
    const none = await call(base, 'GET', '/v1/price-list');
    expect(none.headers.get('x-request-id')).to.match(/^[0-9a-f-]{36}$/);
    expect(h.contract.last().headers['x-request-id']).to.equal(none.headers.get('x-request-id'));
    const long = await call(base, 'GET', '/v1/price-list', { headers: { 'x-request-id': 'x'.repeat(129) } });
    expect(long.headers.get('x-request-id')).to.match(/^[0-9a-f-]{36}$/);
    const max = await call(base, 'GET', '/v1/price-list', { headers: { 'x-request-id': 'y'.repeat(128) } });
    expect(max.headers.get('x-request-id')).to.equal('y'.repeat(128));
  });

  it('forwards the body byte for byte and answers with the service status and content type', async () => {
    h.billing.handlers.set('POST /v1/payments', (_req, res) => {
      res.status(201).type('application/json; charset=utf-8').send('{"id":"p-1","amount":200000,"currency":"CNY"}');
    });
    const raw = '{ "tenantId": "t",  "amount": 200000, "method": "bank_transfer", "reference": "银行回单 42", "receivedOn": "2027-03-10" }';
    const res = await call(base, 'POST', '/v1/payments', { rawBody: raw, headers: { 'content-type': 'application/json' } });
    expect(res.status).to.equal(201);
    expect(res.headers.get('content-type')).to.equal('application/json; charset=utf-8');
    expect(res.text).to.equal('{"id":"p-1","amount":200000,"currency":"CNY"}');
    const got = h.billing.last();
    expect(got.body.toString('utf8')).to.equal(raw);
    expect(got.headers['content-type']).to.equal('application/json');
    expect(h.contract.received).to.have.length(0);
  });

  it('streams binary answers (PDF) back unchanged', async () => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(300_000), Buffer.from('\n%%EOF')]);
    h.billing.handlers.set('GET /v1/invoices/inv-1/pdf', (_req, res) => {
      res.status(200).type('application/pdf').setHeader('content-disposition', 'attachment; filename="INV-2027-000001.pdf"');
      res.send(pdf);
    });
    const res = await call(base, 'GET', '/v1/invoices/inv-1/pdf');
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.equal('application/pdf');
    expect(res.headers.get('content-disposition')).to.contain('INV-2027-000001.pdf');
    expect(res.bytes.equals(pdf)).to.equal(true);
  });

  it('passes a service 4xx/5xx answer through as it is', async () => {
    h.contract.handlers.set('POST /v1/contracts', (_req, res) => {
      res.status(422).type('application/problem+json').send(JSON.stringify({ type: 'x', title: 'rule', status: 422, detail: 'too late', errors: [{ path: 'openingDate', message: 'earliest 2027-03-20' }] }));
    });
    const res = await call(base, 'POST', '/v1/contracts', { body: { tenantId: randomUUID() } });
    expectProblem(res, 422);
    expect(res.json.errors[0].path).to.equal('openingDate');
  });

  it('forwards the Stripe webhook without a token, raw body and signature intact, and no actor', async () => {
    const raw = '{"id":"evt_1",\n  "type":"payment_intent.succeeded" ,"data":{"object":{"amount":200000}}}\n';
    const res = await call(base, 'POST', '/v1/webhooks/stripe', {
      token: null,
      rawBody: raw,
      headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': 't=1,v1=abc' },
    });
    expect(res.status, res.text).to.equal(201);
    const got = h.billing.last();
    expect(got.url).to.equal('/v1/webhooks/stripe');
    expect(got.body.toString('utf8')).to.equal(raw);
    expect(got.headers['stripe-signature']).to.equal('t=1,v1=abc');
    expect(got.headers['x-seatlease-actor']).to.equal(undefined);
    // stripe-signature is passed on to the webhook only
    await call(base, 'POST', '/v1/payments', { body: {}, headers: { 'stripe-signature': 'nope' } });
    expect(h.billing.last().headers['stripe-signature']).to.equal(undefined);
  });

  it('refuses malformed JSON with 400 problem+json without calling the service', async () => {
    const res = await call(base, 'POST', '/v1/tenants', { rawBody: '{"name": "x",', headers: { 'content-type': 'application/json' } });
    expectProblem(res, 400);
    expect(res.json.errors[0].path).to.equal('(body)');
    expect(h.contract.received).to.have.length(0);
  });

  it('refuses a body over 1 MB with 413 problem+json without calling the service', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(1024 * 1024) });
    const res = await call(base, 'POST', '/v1/tenants', { rawBody: big, headers: { 'content-type': 'application/json' } });
    expectProblem(res, 413);
    expect(h.contract.received).to.have.length(0);
  });

  it('streams a CSV call import larger than 1 MB through to billing-service', async () => {
    const header = 'id,seat,startedAt,durationSeconds,callType,contractId\n';
    const row = (i: number) => `call-${i},S${i % 40},2027-03-01T09:00:00+08:00,${60 + (i % 300)},local,${'c'.repeat(8)}\n`;
    const csv = header + Array.from({ length: 40_000 }, (_, i) => row(i)).join('');
    expect(csv.length).to.be.greaterThan(2 * 1024 * 1024);
    h.billing.handlers.set('POST /v1/calls', (_req, res, body) => {
      res.json({ accepted: body.toString('utf8').split('\n').length - 2, duplicates: 0, rejected: [] });
    });
    const res = await call(base, 'POST', '/v1/calls?contractId=c1', { rawBody: csv, headers: { 'content-type': 'text/csv' } });
    expect(res.status, res.text).to.equal(200);
    expect(res.json.accepted).to.equal(40_000);
    const got = h.billing.last();
    expect(got.body.toString('utf8')).to.equal(csv);
    expect(got.headers['content-type']).to.equal('text/csv');
    expect(got.url).to.equal('/v1/calls?contractId=c1');
  });

  it('answers 504 problem+json within the upstream timeout when a service is slow', async () => {
    h.contract.delayMs = UPSTREAM_TIMEOUT_MS * 5;
    const started = Date.now();
    const res = await call(base, 'GET', '/v1/contracts');
    const elapsed = Date.now() - started;
    expectProblem(res, 504);
    expect(elapsed).to.be.at.least(UPSTREAM_TIMEOUT_MS - 20);
    expect(elapsed).to.be.below(UPSTREAM_TIMEOUT_MS + 400);
  });

  it('answers 502 problem+json when a service is unreachable', async () => {
    const closedPort = await freePort();
    const g = await h.startAnother({}, { billing: `http://127.0.0.1:${closedPort}` });
    const res = await call(g.url, 'GET', '/v1/invoices');
    expectProblem(res, 502);
    expect(res.json.detail).to.contain('billing-service');
    // the other service is still served
    expect((await call(g.url, 'GET', '/v1/price-list')).status).to.equal(200);
  });

  it('escapes a non-ASCII actor name into a header the service can parse', async () => {
    const tenantId = randomUUID();
    h.contract.tenants.add(tenantId);
    const key = await call(base, 'POST', '/v1/api-keys', { body: { role: 'tenant_finance', tenantId, name: '财务部 · 李四' } });
    expect(key.status, key.text).to.equal(201);
    const res = await call(base, 'GET', `/v1/tenants/${tenantId}/statement`, { token: key.json.token });
    expect(res.status, res.text).to.equal(200);
    expect(JSON.parse(String(h.billing.last().headers['x-seatlease-actor']))).to.deep.equal({
      keyId: key.json.id,
      role: 'tenant_finance',
      tenantId,
      name: '财务部 · 李四',
    });
  });

  it('reports readiness: 200 when everything answers, 503 naming the part that is down', async () => {
    const ok = await call(base, 'GET', '/readyz', { token: null });
    expect(ok.status).to.equal(200);
    expect(ok.json).to.deep.equal({ status: 'ready', checks: { database: 'up', 'contract-service': 'up', 'billing-service': 'up', 'assessment-service': 'up' } });
    h.billing.ready = false;
    const down = await call(base, 'GET', '/readyz', { token: null });
    expect(down.status).to.equal(503);
    expect(down.json.checks).to.deep.equal({ database: 'up', 'contract-service': 'up', 'billing-service': 'down', 'assessment-service': 'up' });
    expect((await call(base, 'GET', '/healthz', { token: null })).status).to.equal(200);
  });

  it('keeps the admin token out of what the service receives', () => {
    for (const r of h.contract.received) expect(JSON.stringify(r.headers)).not.to.contain(ADMIN_TOKEN);
  });
});
