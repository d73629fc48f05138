/**
 * The fast path (forwarded GET/HEAD on plain node:http) answers exactly as the Express path
 * does: same statuses, problem documents, security, request-id and rate-limit headers; and it
 * shares the key cache and the rate limiter with the Express path.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { freePort } from '@seatlease/shared';
import type { RunningGateway } from '../src/bootstrap';
import { ADMIN_TOKEN, UPSTREAM_TIMEOUT_MS, call, expectProblem, startHarness, type CallOptions, type CallResult, type Harness } from './support/harness';

/** Headers that differ from answer to answer whatever the path. */
const VOLATILE = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);

function comparable(res: CallResult) {
  const headers: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    if (!VOLATILE.has(name)) headers[name] = name === 'ratelimit' ? value.replace(/remaining=\d+, reset=\d+/, 'remaining=*, reset=*') : value;
  });
  return { status: res.status, headers, body: res.text };
}

describe('gateway: the fast path answers as the Express path does', () => {
  let h: Harness;
  let fast: string;
  let slow: string;
  let finance: { id: string; token: string };
  let scheduler: { id: string; token: string };
  const tenantId = randomUUID();

  before(async () => {
    h = await startHarness('fast_path');
    fast = h.gateway.url;
    slow = (await h.startAnother({}, {}, { fastPath: false })).url;
    h.contract.tenants.add(tenantId);
    finance = (await call(fast, 'POST', '/v1/api-keys', { body: { role: 'tenant_finance', tenantId, name: '财务 王五' } })).json;
    scheduler = (await call(fast, 'POST', '/v1/api-keys', { body: { role: 'scheduler', name: 'cron' } })).json;
  });
  beforeEach(() => {
    h.contract.reset();
    h.billing.reset();
    h.contract.tenants.add(tenantId);
  });
  after(async () => h?.stop());

  /** The same request through both gateways, with a fixed request id: the answers must match. */
  async function same(method: string, path: string, opts: CallOptions = {}): Promise<CallResult> {
    const withId = { ...opts, headers: { 'x-request-id': `same-${randomUUID()}`, ...(opts.headers ?? {}) } };
    const a = await call(fast, method, path, withId);
    const b = await call(slow, method, path, withId);
    expect(comparable(a), `${method} ${path}`).to.deep.equal(comparable(b));
    return a;
  }

  it('forwards a GET with its query and answers the service status, headers and body', async () => {
    h.billing.handlers.set(`GET /v1/invoices/inv-9`, (_req, res) => {
      res.status(200).type('application/json; charset=utf-8').setHeader('cache-control', 'no-store');
      res.setHeader('x-internal-detail', 'stays behind');
      res.send('{"id":"inv-9","total":200000}');
    });
    const res = await same('GET', '/v1/invoices/inv-9?expand=lines', { headers: { accept: 'application/json', 'accept-language': 'zh-CN' } });
    expect(res.status).to.equal(200);
    expect(res.text).to.equal('{"id":"inv-9","total":200000}');
    expect(res.headers.get('cache-control')).to.equal('no-store');
    expect(res.headers.get('x-internal-detail')).to.equal(null);
    expect(res.headers.get('x-content-type-options')).to.equal('nosniff');
    expect(res.headers.get('ratelimit-policy')).to.equal('100000;w=60');
    const got = h.billing.calls('GET', '/v1/invoices/inv-9');
    expect(got).to.have.length(2);
    expect(got[0]!.url).to.equal('/v1/invoices/inv-9?expand=lines');
    expect(got[0]!.headers).to.include({ accept: 'application/json', 'accept-language': 'zh-CN', 'x-seatlease-internal': 'test-internal-token-0123456789' });
    expect(got[0]!.headers.authorization).to.equal(undefined);
    // the request id and the test clock reach the service as on the Express path
    expect(got[0]!.headers['x-request-id']).to.equal(res.headers.get('x-request-id'));
    expect(got[0]!.headers['x-seatlease-now']).to.be.a('string');
    expect(got[0]!.headers['x-seatlease-now']).to.equal(got[1]!.headers['x-seatlease-now']);
  });

  it('passes the actor with its tenant scope, as the Express path does', async () => {
    await same('GET', `/v1/contracts/${randomUUID()}`, { token: finance.token });
    const [a, b] = h.contract.received;
    expect(JSON.parse(String(a!.headers['x-seatlease-actor']))).to.deep.equal({ keyId: finance.id, role: 'tenant_finance', tenantId, name: '财务 王五' });
    expect(a!.headers['x-seatlease-actor']).to.equal(b!.headers['x-seatlease-actor']);
  });

  it('answers HEAD as the Express path does', async () => {
    const res = await same('HEAD', '/v1/price-list');
    expect(res.status).to.equal(200);
    expect(h.contract.calls('HEAD', '/v1/price-list')).to.have.length(2);
  });

  it('answers 401 and 403 problem+json, with the request id, without calling the service', async () => {
    expectProblem(await same('GET', '/v1/invoices', { token: null }), 401);
    expectProblem(await same('GET', '/v1/invoices', { token: 'sl_unknown' }), 401);
    expectProblem(await same('GET', '/v1/invoices', { token: null, headers: { authorization: 'Basic YTpi' } }), 401);
    const forbidden = await same('GET', '/v1/invoices', { token: scheduler.token, headers: { 'x-request-id': 'forbidden-1' } });
    expectProblem(forbidden, 403);
    expect(forbidden.headers.get('x-request-id')).to.equal('forbidden-1');
    expect(forbidden.headers.get('x-frame-options')).to.equal('SAMEORIGIN');
    expect(h.billing.received).to.have.length(0);
    const generated = await call(fast, 'GET', '/v1/invoices', { token: null });
    expect(generated.headers.get('x-request-id')).to.match(/^[0-9a-f-]{36}$/);
  });

  it('leaves unknown routes and other methods to Express (404 problem+json)', async () => {
    expectProblem(await same('GET', '/v1/nothing-here'), 404);
    expectProblem(await same('GET', '/v1/invoices/a/b/c/d'), 404);
    expect((await same('GET', '/docs/openapi.json', { token: null })).status).to.equal(200);
  });

  it('answers 504 problem+json when the service is slow, carrying the request id', async () => {
    h.billing.delayMs = UPSTREAM_TIMEOUT_MS * 3;
    const res = await same('GET', '/v1/invoices', { headers: { 'x-request-id': 'slow-1' } });
    expectProblem(res, 504);
    expect(res.headers.get('x-request-id')).to.equal('slow-1');
    expect(res.headers.get('content-security-policy')).to.contain("default-src 'self'");
  });

  it('answers 502 problem+json when the service is unreachable', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const a = await h.startAnother({}, { billing: closed });
    const b = await h.startAnother({}, { billing: closed }, { fastPath: false });
    const headers = { 'x-request-id': 'down-1' };
    const ra = await call(a.url, 'GET', '/v1/invoices', { headers });
    const rb = await call(b.url, 'GET', '/v1/invoices', { headers });
    expectProblem(ra, 502);
    expect(comparable(ra)).to.deep.equal(comparable(rb));
    expect(ra.headers.get('x-request-id')).to.equal('down-1');
  });

  it('answers 5xx problem+json quoting the request id when the key store fails', async () => {
    const gateways: RunningGateway[] = [await h.startAnother(), await h.startAnother({}, {}, { fastPath: false })];
    for (const g of gateways) await g.knex.destroy();
    const answers = [];
    for (const g of gateways) {
      // an uncached token: the gateway must ask its database, which is gone
      const res = await call(g.url, 'GET', '/v1/invoices', { token: 'sl_not-cached', headers: { 'x-request-id': 'db-gone-1' } });
      expect(res.status).to.be.within(500, 503);
      expectProblem(res, res.status);
      expect(res.headers.get('x-request-id')).to.equal('db-gone-1');
      answers.push(comparable(res));
    }
    expect(answers[0]).to.deep.equal(answers[1]);
    expect(h.billing.received).to.have.length(0);
  });

  it('asks the service once when the client goes away mid-GET (no retry for a client that left)', async () => {
    for (const base of [fast, slow]) {
      h.billing.reset();
      expect((await call(base, 'GET', '/v1/invoices')).status).to.equal(200); // a keep-alive socket to reuse
      h.billing.delayMs = 60_000;
      const aborted = new AbortController();
      const pending = fetch(`${base}/v1/invoices/left-early`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, signal: aborted.signal }).catch(() => null);
      while (h.billing.calls('GET', '/v1/invoices/left-early').length === 0) await new Promise((r) => setTimeout(r, 10));
      aborted.abort();
      await pending;
      // the gateway counts the request as closed by the client only when it gave up on it
      const closedCount = async () => {
        const m = /gateway_upstream_duration_seconds_count\{[^}]*status="client_closed"[^}]*\} (\d+)/.exec((await call(base, 'GET', '/metrics', { token: null })).text);
        return m ? Number(m[1]) : 0;
      };
      for (let i = 0; i < 200 && (await closedCount()) === 0; i++) await new Promise((r) => setTimeout(r, 10));
      expect(await closedCount(), base).to.be.greaterThan(0);
      expect(h.billing.calls('GET', '/v1/invoices/left-early'), base).to.have.length(1);
      h.billing.delayMs = 0;
    }
  });

  it('keeps its connections to a service open and reuses them across requests', async () => {
    const ports: number[] = [];
    h.billing.handlers.set('GET /v1/invoices/pooled', (req, res) => {
      ports.push(req.socket.remotePort!);
      res.json({ data: [] });
    });
    for (let i = 0; i < 10; i++) expect((await call(fast, 'GET', '/v1/invoices/pooled')).status).to.equal(200);
    // one request at a time: the connection is kept alive and carries the next request (the
    // pool may open a second while the first is still finishing its first answer), not one each
    expect(new Set(ports).size).to.be.at.most(2);
    ports.length = 0;
    for (let round = 0; round < 3; round++) {
      const answers = await Promise.all(Array.from({ length: 8 }, () => call(fast, 'GET', '/v1/invoices/pooled')));
      expect(answers.map((a) => a.status)).to.deep.equal(Array(8).fill(200));
    }
    // 24 requests, 8 at a time: the connections of the first round carry the later ones
    expect(ports).to.have.length(24);
    expect(new Set(ports).size).to.be.at.most(10);
  });

  it('sends a read once more on a fresh connection when the service drops a kept-alive one unanswered', async () => {
    for (const base of [fast, slow]) {
      h.billing.reset();
      const sockets = new Set<unknown>();
      let dropped = 0;
      h.billing.handlers.set('GET /v1/invoices/dropped', (req, res) => {
        // the second request on a connection: the service closes it without an answer (as when
        // its keep-alive timeout strikes just as the gateway reuses the connection)
        if (sockets.has(req.socket) && dropped === 0) {
          dropped++;
          req.socket.destroy();
          return;
        }
        sockets.add(req.socket);
        res.json({ id: 'dropped' });
      });
      expect((await call(base, 'GET', '/v1/invoices/dropped')).status, base).to.equal(200);
      const again = await call(base, 'GET', '/v1/invoices/dropped');
      expect(again.status, base).to.equal(200);
      expect(again.json, base).to.deep.equal({ id: 'dropped' });
      expect(dropped, base).to.equal(1);
      expect(h.billing.calls('GET', '/v1/invoices/dropped'), base).to.have.length(3);
    }
  });

  it('streams a large answer whole, as the Express path does', async () => {
    const big = Buffer.alloc(6 * 1024 * 1024 + 17);
    for (let i = 0; i < big.length; i++) big[i] = (i * 31) & 0xff;
    h.billing.handlers.set('GET /v1/invoices/inv-big/pdf', (_req, res) => {
      res.status(200).type('application/pdf').send(big);
    });
    const res = await same('GET', '/v1/invoices/inv-big/pdf');
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-length')).to.equal(String(big.length));
    expect(res.bytes.equals(big)).to.equal(true);
  });

  it('records metrics by route pattern for fast-path answers', async () => {
    await call(fast, 'GET', `/v1/invoices/${randomUUID()}`);
    await call(fast, 'GET', '/v1/invoices', { token: null });
    const metrics = (await call(fast, 'GET', '/metrics', { token: null })).text;
    expect(metrics).to.match(/http_request_duration_seconds_count\{[^}]*method="GET"[^}]*route="\/v1\/invoices\/:id"[^}]*status="200"/);
    expect(metrics).to.match(/http_request_duration_seconds_count\{[^}]*route="\/v1\/invoices"[^}]*status="401"/);
  });
});

describe('gateway: one rate limit for both paths', () => {
  let h: Harness;
  let base: string;

  before(async () => {
    h = await startHarness('fast_path_limit', { SEATLEASE_RATE_LIMIT_PER_MINUTE: '3' });
    base = h.gateway.url;
  });
  after(async () => h?.stop());

  it('counts the fast-path GETs and Express-path POSTs of a key together; 429 problem+json with Retry-After', async () => {
    const first = await call(base, 'GET', '/v1/invoices');
    expect(first.status).to.equal(200);
    expect(first.headers.get('ratelimit')).to.match(/^limit=3, remaining=2, reset=\d+$/);
    expect((await call(base, 'POST', '/v1/payments', { body: {} })).status).to.equal(201);
    expect((await call(base, 'GET', '/v1/price-list')).headers.get('ratelimit')).to.match(/remaining=0/);
    const limited = await call(base, 'GET', '/v1/invoices', { headers: { 'x-request-id': 'limited-1' } });
    expectProblem(limited, 429);
    expect(limited.headers.get('x-request-id')).to.equal('limited-1');
    expect(Number(limited.headers.get('retry-after'))).to.be.within(1, 60);
    expect(limited.headers.get('x-content-type-options')).to.equal('nosniff');
    expectProblem(await call(base, 'POST', '/v1/payments', { body: {} }), 429);
    expect(h.billing.calls('GET', '/v1/invoices')).to.have.length(1);
  });

  it('counts callers without a valid key per address, before answering 401', async () => {
    for (let i = 0; i < 3; i++) expectProblem(await call(base, 'GET', '/v1/invoices', { token: 'sl_nobody' }), 401);
    expectProblem(await call(base, 'GET', '/v1/invoices', { token: null }), 429);
  });
});
