import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { UPSTREAM_TIMEOUT_MS, call, expectProblem, startHarness, type Harness } from './support/harness';

describe('gateway: Idempotency-Key on POST', () => {
  let h: Harness;
  let base: string;
  const tenant = { name: '某某呼叫中心', billingEmails: ['ap@example.cn'] };

  before(async () => {
    h = await startHarness('idempotency');
    base = h.gateway.url;
  });
  beforeEach(() => {
    h.contract.reset();
    h.billing.reset();
  });
  after(async () => h?.stop());

  const post = (path: string, body: unknown, key: string | null, token?: string) =>
    call(base, 'POST', path, { body, token, headers: key === null ? {} : { 'idempotency-key': key } });

  it('replays the first answer for the same key and body, without calling the service again', async () => {
    let n = 0;
    h.contract.handlers.set('POST /v1/tenants', (_req, res) => {
      n += 1;
      res.status(201).type('application/json; charset=utf-8').send(JSON.stringify({ id: `tenant-${n}`, ...tenant }));
    });
    const key = randomUUID();
    const first = await post('/v1/tenants', tenant, key);
    expect(first.status).to.equal(201);
    expect(first.headers.get('idempotent-replayed')).to.equal(null);
    const second = await post('/v1/tenants', tenant, key);
    expect(second.status).to.equal(201);
    expect(second.text).to.equal(first.text);
    expect(second.headers.get('content-type')).to.equal('application/json; charset=utf-8');
    expect(second.headers.get('idempotent-replayed')).to.equal('true');
    expect(n).to.equal(1);
    // the key travels on to the service too
    expect(h.contract.last().headers['idempotency-key']).to.equal(key);
  });

  it('answers 409 for the same key with a different body or another path', async () => {
    const key = randomUUID();
    expect((await post('/v1/tenants', tenant, key)).status).to.equal(201);
    const otherBody = await post('/v1/tenants', { ...tenant, name: '另一家' }, key);
    expectProblem(otherBody, 409);
    expect(otherBody.json.detail).to.contain('different body');
    expectProblem(await post('/v1/force-majeure', tenant, key), 409);
    expect(h.contract.received).to.have.length(1);
  });

  it('answers 409 while the first request with the key is still running', async () => {
    h.contract.handlers.set('POST /v1/tenants', async (_req, res) => {
      await new Promise((r) => setTimeout(r, 150));
      res.status(201).json({ id: 'slow' });
    });
    const key = randomUUID();
    const first = post('/v1/tenants', tenant, key);
    await new Promise((r) => setTimeout(r, 50));
    const second = await post('/v1/tenants', tenant, key);
    expectProblem(second, 409);
    expect(second.headers.get('retry-after')).to.equal('1');
    expect((await first).status).to.equal(201);
    const third = await post('/v1/tenants', tenant, key);
    expect(third.status).to.equal(201);
    expect(third.headers.get('idempotent-replayed')).to.equal('true');
  });

  it('completes the record when the client goes away mid-request, so that its retry replays', async () => {
    h.contract.handlers.set('POST /v1/tenants', async (_req, res) => {
      await new Promise((r) => setTimeout(r, 150));
      res.status(201).json({ id: 'created-once' });
    });
    const key = randomUUID();
    const aborted = fetch(`${base}/v1/tenants`, {
      method: 'POST',
      headers: { authorization: 'Bearer test-admin-token-0123456789', 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(tenant),
      signal: AbortSignal.timeout(40),
    });
    await aborted.then(
      () => expect.fail('the request should have been aborted'),
      (err: Error) => expect(err.name).to.equal('TimeoutError'),
    );
    await new Promise((r) => setTimeout(r, 250));
    const retry = await post('/v1/tenants', tenant, key);
    expect(retry.status).to.equal(201);
    expect(retry.headers.get('idempotent-replayed')).to.equal('true');
    expect(retry.json).to.deep.equal({ id: 'created-once' });
    expect(h.contract.calls('POST', '/v1/tenants')).to.have.length(1);
  });

  it('releases the key after a 5xx so that a retry runs again', async () => {
    let n = 0;
    h.billing.handlers.set('POST /v1/billing-runs', (_req, res) => {
      n += 1;
      if (n === 1) return void res.status(500).type('application/problem+json').send('{"type":"x","title":"boom","status":500,"detail":"bug"}');
      res.status(200).json({ id: 'run-1', period: '2027-03', status: 'completed', invoicesIssued: 3 });
    });
    const key = randomUUID();
    expect((await post('/v1/billing-runs', { period: '2027-03' }, key)).status).to.equal(500);
    const retry = await post('/v1/billing-runs', { period: '2027-03' }, key);
    expect(retry.status).to.equal(200);
    expect(retry.headers.get('idempotent-replayed')).to.equal(null);
    const replay = await post('/v1/billing-runs', { period: '2027-03' }, key);
    expect(replay.headers.get('idempotent-replayed')).to.equal('true');
    expect(replay.json).to.deep.equal(retry.json);
    expect(n).to.equal(2);
  });

  it('releases the key after an upstream timeout', async () => {
    h.contract.delayMs = UPSTREAM_TIMEOUT_MS * 3;
    const key = randomUUID();
    expectProblem(await post('/v1/tenants', tenant, key), 504);
    h.contract.delayMs = 0;
    const retry = await post('/v1/tenants', tenant, key);
    expect(retry.status).to.equal(201);
    expect(retry.headers.get('idempotent-replayed')).to.equal(null);
  });

  it('scopes keys to the API key, and runs every POST that carries no key', async () => {
    const other = await post('/v1/api-keys', { role: 'staff', name: 'second staff' }, null);
    expect(other.status).to.equal(201);
    const key = randomUUID();
    expect((await post('/v1/tenants', tenant, key)).status).to.equal(201);
    const otherCaller = await post('/v1/tenants', tenant, key, other.json.token);
    expect(otherCaller.headers.get('idempotent-replayed')).to.equal(null);
    await post('/v1/tenants', tenant, null);
    await post('/v1/tenants', tenant, null);
    expect(h.contract.calls('POST', '/v1/tenants')).to.have.length(4);
  });

  it('replays an API key creation without showing the token again', async () => {
    const key = randomUUID();
    const first = await post('/v1/api-keys', { role: 'scheduler', name: 'cron' }, key);
    expect(first.status).to.equal(201);
    expect(first.json.token).to.match(/^sl_/);
    const replay = await post('/v1/api-keys', { role: 'scheduler', name: 'cron' }, key);
    expect(replay.status).to.equal(201);
    expect(replay.headers.get('idempotent-replayed')).to.equal('true');
    expect(replay.json).to.deep.equal({ ...first.json, token: null });
  });

  it('replays a streamed CSV import only for the same bytes', async () => {
    h.billing.handlers.set('POST /v1/calls', (_req, res, body) => {
      res.json({ accepted: body.toString().trim().split('\n').length - 1, duplicates: 0, rejected: [] });
    });
    const csv = 'id,seat,startedAt,durationSeconds,callType\nc1,S1,2027-03-01T09:00:00+08:00,61,local\n';
    const key = randomUUID();
    const send = (body: string) => call(base, 'POST', '/v1/calls?contractId=x', { rawBody: body, headers: { 'content-type': 'text/csv', 'idempotency-key': key } });
    expect((await send(csv)).json.accepted).to.equal(1);
    const replay = await send(csv);
    expect(replay.headers.get('idempotent-replayed')).to.equal('true');
    expectProblem(await send(`${csv}c2,S1,2027-03-01T09:05:00+08:00,5,mobile\n`), 409);
    expect(h.billing.calls('POST', '/v1/calls')).to.have.length(1);
  });

  it('refuses a malformed Idempotency-Key with 400', async () => {
    expectProblem(await post('/v1/tenants', tenant, 'k'.repeat(256)), 400);
    expect(h.contract.received).to.have.length(0);
  });
});
