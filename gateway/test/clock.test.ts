import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { call, expectProblem, startHarness, type Harness } from './support/harness';

describe('gateway: the test clock', () => {
  let h: Harness;
  let base: string;

  before(async () => {
    h = await startHarness('clock');
    base = h.gateway.url;
  });
  beforeEach(() => {
    h.contract.reset();
    h.billing.reset();
  });
  after(async () => h?.stop());

  const put = (now: unknown, token?: string) => call(base, 'PUT', '/v1/clock', { body: { now }, token });

  it('starts at the real time, written in Asia/Shanghai', async () => {
    const before = Date.now();
    const res = await call(base, 'GET', '/v1/clock');
    expect(res.status).to.equal(200);
    expect(res.json.now).to.match(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?\+08:00$/);
    expect(Math.abs(Date.parse(res.json.now) - before)).to.be.below(60_000);
  });

  it('moves forward, runs the due jobs in billing-service and passes the new time on', async () => {
    const jobsRun = [
      { job: 'billing_run', at: '2030-02-10T00:00:00+08:00', result: { period: '2030-03', invoicesIssued: 2 } },
      { job: 'dunning', at: '2030-02-26T09:00:00+08:00', result: { notices: 1 } },
    ];
    h.billing.handlers.set('POST /internal/scheduler/advance', (_req, res) => {
      res.json({ jobsRun });
    });
    const from = (await call(base, 'GET', '/v1/clock')).json.now;
    const res = await put('2030-03-01T09:00:00+08:00');
    expect(res.status, res.text).to.equal(200);
    expect(res.json).to.deep.equal({ now: '2030-03-01T09:00:00+08:00', jobsRun });

    const advance = h.billing.calls('POST', '/internal/scheduler/advance')[0]!;
    expect(advance.headers['x-seatlease-internal']).to.equal('test-internal-token-0123456789');
    const sent = JSON.parse(advance.body.toString('utf8'));
    expect(Date.parse(sent.from)).to.equal(Date.parse(from));
    expect(sent.to).to.equal('2030-03-01T09:00:00+08:00');

    expect((await call(base, 'GET', '/v1/clock')).json.now).to.equal('2030-03-01T09:00:00+08:00');
    await call(base, 'GET', '/v1/contracts');
    expect(Date.parse(String(h.contract.last().headers['x-seatlease-now']))).to.equal(Date.parse('2030-03-01T09:00:00+08:00'));
  });

  it('never moves backward (422 naming now) and refuses a non-instant (400 naming now)', async () => {
    await put('2030-04-01T00:00:00+08:00');
    const back = await put('2030-03-31T23:59:59+08:00');
    expectProblem(back, 422);
    expect(back.json.errors[0].path).to.equal('now');
    const bad = await put('next tuesday');
    expectProblem(bad, 400);
    expect(bad.json.errors[0].path).to.equal('now');
    expectProblem(await put('2030-05-01'), 400);
    expect((await call(base, 'GET', '/v1/clock')).json.now).to.equal('2030-04-01T00:00:00+08:00');
    // the same instant again is not backwards
    expect((await put('2030-04-01T00:00:00+08:00')).status).to.equal(200);
  });

  it('lets only staff move it', async () => {
    const tenantId = randomUUID();
    h.contract.tenants.add(tenantId);
    const key = await call(base, 'POST', '/v1/api-keys', { body: { role: 'tenant_finance', tenantId, name: 'finance' } });
    expectProblem(await put('2031-01-01T00:00:00+08:00', key.json.token), 403);
    expect((await call(base, 'GET', '/v1/clock', { token: key.json.token })).status).to.equal(200);
  });

  it('answers jobsRun: [] when billing-service has no scheduler endpoint yet', async () => {
    const res = await put('2030-06-01T00:00:00+08:00');
    expect(res.status).to.equal(200);
    expect(res.json).to.deep.equal({ now: '2030-06-01T00:00:00+08:00', jobsRun: [] });
  });

  it('keeps the old time when billing-service fails the advance (502), so it can be retried', async () => {
    h.billing.handlers.set('POST /internal/scheduler/advance', (_req, res) => {
      res.status(500).json({ detail: 'boom' });
    });
    expectProblem(await put('2030-07-01T00:00:00+08:00'), 502);
    expect((await call(base, 'GET', '/v1/clock')).json.now).to.equal('2030-06-01T00:00:00+08:00');
  });

  it('keeps answering with the committed time while an advance is running', async () => {
    const current = (await call(base, 'GET', '/v1/clock')).json.now;
    h.billing.handlers.set('POST /internal/scheduler/advance', async (_req, res) => {
      await new Promise((r) => setTimeout(r, 400));
      res.json({ jobsRun: [] });
    });
    const advancing = put('2032-01-01T00:00:00+08:00');
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    const during = await call(base, 'GET', '/v1/clock');
    await call(base, 'GET', '/v1/contracts');
    expect(Date.now() - started).to.be.below(200);
    expect(during.json.now).to.equal(current);
    expect(Date.parse(String(h.contract.last().headers['x-seatlease-now']))).to.equal(Date.parse(current));
    expect((await advancing).status).to.equal(200);
    expect((await call(base, 'GET', '/v1/clock')).json.now).to.equal('2032-01-01T00:00:00+08:00');
  });

  it('serializes concurrent advances, within a gateway and across replicas', async () => {
    const replica = await h.startAnother();
    let running = 0;
    let maxRunning = 0;
    const seen: Array<{ from: string; to: string }> = [];
    h.billing.handlers.set('POST /internal/scheduler/advance', async (_req, res, body) => {
      running += 1;
      maxRunning = Math.max(maxRunning, running);
      seen.push(JSON.parse(body.toString('utf8')));
      await new Promise((r) => setTimeout(r, 60));
      running -= 1;
      res.json({ jobsRun: [] });
    });
    const targets = ['2033-08-01T00:00:00+08:00', '2033-09-01T00:00:00+08:00', '2033-10-01T00:00:00+08:00'];
    const results = await Promise.all(
      targets.map((now, i) => call(i % 2 === 0 ? base : replica.url, 'PUT', '/v1/clock', { body: { now } })),
    );
    expect(maxRunning).to.equal(1);
    expect(results.filter((r) => r.status === 200).length).to.be.at.least(1);
    // each advance starts where the previous one ended
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.from).to.equal(seen[i - 1]!.to);
    expect((await call(base, 'GET', '/v1/clock')).json.now).to.equal(
      results.filter((r) => r.status === 200).map((r) => r.json.now).sort().at(-1),
    );
  });
});
