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

  it('moves forward day by day, runs the due jobs in billing-service and passes the new time on', async () => {
    const jobsRun = [
      { job: 'billing_run', at: '2027-02-10T00:00:00+08:00', result: { period: '2027-03', invoicesIssued: 2 } },
      { job: 'dunning', at: '2027-02-26T00:00:00+08:00', result: { notices: 1 } },
    ];
    let calls = 0;
    h.billing.handlers.set('POST /internal/scheduler/advance', (_req, res) => {
      res.json({ jobsRun: calls++ === 0 ? jobsRun : [], completed: true });
    });
    const from = (await call(base, 'GET', '/v1/clock')).json.now;
    const res = await put('2027-03-01T09:00:00+08:00');
    expect(res.status, res.text).to.equal(200);
    expect(res.json).to.deep.equal({ now: '2027-03-01T09:00:00+08:00', jobsRun });

    const advances = h.billing.calls('POST', '/internal/scheduler/advance').map((c) => JSON.parse(c.body.toString('utf8')) as { from: string; to: string });
    expect(h.billing.calls('POST', '/internal/scheduler/advance')[0]!.headers['x-seatlease-internal']).to.equal('test-internal-token-0123456789');
    // One step per midnight (Asia/Shanghai), each starting where the last ended, then the target.
    expect(Date.parse(advances[0]!.from)).to.equal(Date.parse(from));
    expect(advances.at(-1)!.to).to.equal('2027-03-01T09:00:00+08:00');
    for (let i = 1; i < advances.length; i++) expect(advances[i]!.from).to.equal(advances[i - 1]!.to);
    // The first step works what is due at the current time; then one per midnight.
    expect(advances[0]!.to).to.equal(advances[0]!.from);
    for (const a of advances.slice(1, -1)) expect(a.to).to.match(/T00:00:00\+08:00$/);

    expect((await call(base, 'GET', '/v1/clock')).json.now).to.equal('2027-03-01T09:00:00+08:00');
    await call(base, 'GET', '/v1/contracts');
    expect(Date.parse(String(h.contract.last().headers['x-seatlease-now']))).to.equal(Date.parse('2027-03-01T09:00:00+08:00'));
  });

  it('never moves backward (422 naming now) and refuses a non-instant (400 naming now)', async () => {
    await put('2027-04-01T00:00:00+08:00');
    const back = await put('2027-03-31T23:59:59+08:00');
    expectProblem(back, 422);
    expect(back.json.errors[0].path).to.equal('now');
    const bad = await put('next tuesday');
    expectProblem(bad, 400);
    expect(bad.json.errors[0].path).to.equal('now');
    expectProblem(await put('2027-05-01'), 400);
    expect((await call(base, 'GET', '/v1/clock')).json.now).to.equal('2027-04-01T00:00:00+08:00');
    // the same instant again is not backwards
    expect((await put('2027-04-01T00:00:00+08:00')).status).to.equal(200);
  });

  it('moves at most 400 days in one call (422 naming now; nothing run, the clock unchanged)', async () => {
    const before = h.billing.calls('POST', '/internal/scheduler/advance').length;
    const far = await put('2099-01-01T00:00:00+08:00');
    expectProblem(far, 422);
    expect(far.json.errors[0].path).to.equal('now');
    expect(far.json.detail).to.match(/at most 400 days/);
    const justOver = await put('2028-05-05T00:00:01+08:00');
    expectProblem(justOver, 422);
    expect(h.billing.calls('POST', '/internal/scheduler/advance').length).to.equal(before);
    expect((await call(base, 'GET', '/v1/clock')).json.now).to.equal('2027-04-01T00:00:00+08:00');
  });

  it('lets only staff move it', async () => {
    const tenantId = randomUUID();
    h.contract.tenants.add(tenantId);
    const key = await call(base, 'POST', '/v1/api-keys', { body: { role: 'tenant_finance', tenantId, name: 'finance' } });
    expectProblem(await put('2027-05-01T00:00:00+08:00', key.json.token), 403);
    expect((await call(base, 'GET', '/v1/clock', { token: key.json.token })).status).to.equal(200);
  });

  it('answers jobsRun: [] when billing-service has no scheduler endpoint yet', async () => {
    const res = await put('2027-06-01T00:00:00+08:00');
    expect(res.status).to.equal(200);
    expect(res.json).to.deep.equal({ now: '2027-06-01T00:00:00+08:00', jobsRun: [] });
  });

  it('stops where the jobs got to when billing-service fails (502), and a retry continues from there', async () => {
    // Billing fails the jobs of the second step (2 June): the days before it are done.
    h.billing.handlers.set('POST /internal/scheduler/advance', (_req, res, body) => {
      if (JSON.parse(body.toString('utf8')).to === '2027-06-02T00:00:00+08:00') return void res.status(500).json({ detail: 'boom' });
      res.json({ jobsRun: [], completed: true });
    });
    const failed = await put('2027-07-01T00:00:00+08:00');
    expectProblem(failed, 502);
    // The step was set before its jobs ran: the clock stands there, not at the target.
    expect(failed.json.now).to.equal('2027-06-02T00:00:00+08:00');
    expect((await call(base, 'GET', '/v1/clock')).json.now).to.equal('2027-06-02T00:00:00+08:00');
    // A job that fails inside billing (200, completed: false) stops the clock the same way.
    h.billing.handlers.set('POST /internal/scheduler/advance', (_req, res) => {
      res.json({ jobsRun: [{ job: 'daily', at: '2027-06-02T00:00:00+08:00', result: { error: 'smtp down' } }], completed: false });
    });
    const jobFailed = await put('2027-07-01T00:00:00+08:00');
    expectProblem(jobFailed, 502);
    expect(jobFailed.json.detail).to.match(/daily.*smtp down/);
    expect((await call(base, 'GET', '/v1/clock')).json.now).to.equal('2027-06-02T00:00:00+08:00');
    const seen: Array<{ from: string; to: string }> = [];
    h.billing.handlers.set('POST /internal/scheduler/advance', (_req, res, body) => {
      seen.push(JSON.parse(body.toString('utf8')));
      res.json({ jobsRun: [], completed: true });
    });
    expect((await put('2027-07-01T00:00:00+08:00')).status).to.equal(200);
    // The retry starts at the step that failed (billing re-works its unfinished slots).
    expect(seen[0]!.from).to.equal('2027-06-02T00:00:00+08:00');
    expect(seen.at(-1)!.to).to.equal('2027-07-01T00:00:00+08:00');
  });

  it('answers the clock as it steps while an advance is running', async () => {
    const current = (await call(base, 'GET', '/v1/clock')).json.now;
    h.billing.handlers.set('POST /internal/scheduler/advance', async (_req, res) => {
      await new Promise((r) => setTimeout(r, 400));
      res.json({ jobsRun: [], completed: true });
    });
    const advancing = put('2027-07-02T12:00:00+08:00');
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    const during = await call(base, 'GET', '/v1/clock');
    await call(base, 'GET', '/v1/contracts');
    expect(Date.now() - started).to.be.below(200);
    expect(Date.parse(during.json.now)).to.be.at.least(Date.parse(current)).and.below(Date.parse('2027-07-02T12:00:00+08:00'));
    expect(Date.parse(String(h.contract.last().headers['x-seatlease-now']))).to.equal(Date.parse(during.json.now));
    expect((await advancing).status).to.equal(200);
    expect((await call(base, 'GET', '/v1/clock')).json.now).to.equal('2027-07-02T12:00:00+08:00');
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
      res.json({ jobsRun: [], completed: true });
    });
    const targets = ['2027-07-05T00:00:00+08:00', '2027-07-08T00:00:00+08:00', '2027-07-11T00:00:00+08:00'];
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
