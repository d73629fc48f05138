/**
 * Contract answers composed at the door (decision 0062): contract-service answers the contract,
 * billing-service the deposit it holds, and the gateway puts `depositHeld` beside each contract —
 * on the fast path (GET) and through Express (POST, with an Idempotency-Key replay).
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { call, expectProblem, startHarness, type Harness } from './support/harness';

describe('gateway: contract answers composed with the deposit billing holds', () => {
  let h: Harness;
  let base: string;
  const a = randomUUID();
  const b = randomUUID();

  before(async () => {
    h = await startHarness('compose');
    base = h.gateway.url;
  });
  beforeEach(() => {
    h.contract.reset();
    h.billing.reset();
    h.billing.handlers.set('POST /internal/deposits/held', (req, res, body) => {
      const ids = (JSON.parse(body.toString('utf8')) as { contractIds: string[] }).contractIds;
      res.json({ heldFen: Object.fromEntries(ids.map((id) => [id, id === a ? 2000000 : 0])) });
    });
  });
  after(async () => h?.stop());

  it('GET /v1/contracts/:id: the contract as contract-service answers it, plus depositHeld from billing', async () => {
    h.contract.handlers.set(`GET /v1/contracts/${a}`, (_req, res) => void res.json({ id: a, status: 'active', liveSeats: 10 }));
    const res = await call(base, 'GET', `/v1/contracts/${a}`);
    expect(res.status, res.text).to.equal(200);
    expect(res.json).to.deep.equal({ id: a, status: 'active', liveSeats: 10, depositHeld: 2000000 });
    expect(Number(res.headers.get('content-length'))).to.equal(res.bytes.length);
    const asked = h.billing.calls('POST', '/internal/deposits/held');
    expect(asked).to.have.length(1);
    expect(JSON.parse(asked[0]!.body.toString('utf8'))).to.deep.equal({ contractIds: [a] });
    expect(asked[0]!.headers['x-seatlease-internal']).to.be.a('string');
    expect(asked[0]!.headers['x-request-id']).to.equal(res.headers.get('x-request-id'));
  });

  it('GET /v1/contracts: every contract of the page in one billing call; the page fields untouched', async () => {
    h.contract.handlers.set('GET /v1/contracts', (_req, res) => void res.json({ data: [{ id: a }, { id: b }], hasMore: true, nextCursor: 'c1' }));
    const res = await call(base, 'GET', '/v1/contracts?limit=2');
    expect(res.json).to.deep.equal({ data: [{ id: a, depositHeld: 2000000 }, { id: b, depositHeld: 0 }], hasMore: true, nextCursor: 'c1' });
    expect(h.billing.calls('POST', '/internal/deposits/held')).to.have.length(1);
  });

  it('an empty page asks billing nothing', async () => {
    h.contract.handlers.set('GET /v1/contracts', (_req, res) => void res.json({ data: [], hasMore: false, nextCursor: null }));
    const res = await call(base, 'GET', '/v1/contracts');
    expect(res.json).to.deep.equal({ data: [], hasMore: false, nextCursor: null });
    expect(h.billing.received).to.have.length(0);
  });

  it('billing unable to say: depositHeld null, the contract still answered', async () => {
    h.billing.handlers.set('POST /internal/deposits/held', (_req, res) => void res.status(503).json({ status: 503 }));
    h.contract.handlers.set(`GET /v1/contracts/${a}`, (_req, res) => void res.json({ id: a }));
    const res = await call(base, 'GET', `/v1/contracts/${a}`);
    expect(res.status).to.equal(200);
    expect(res.json).to.deep.equal({ id: a, depositHeld: null });
  });

  it('a refusal passes through as it came, without asking billing', async () => {
    h.contract.handlers.set(`GET /v1/contracts/${a}`, (_req, res) => {
      res.status(404).type('application/problem+json').send(JSON.stringify({ type: 'x', title: 'Not found', status: 404, detail: `contract ${a}` }));
    });
    expectProblem(await call(base, 'GET', `/v1/contracts/${a}`), 404);
    expect(h.billing.received).to.have.length(0);
  });

  it('POST /v1/contracts/:id/renewals: the renewed contract gets it; a keyed replay answers the same', async () => {
    h.contract.handlers.set(`POST /v1/contracts/${a}/renewals`, (_req, res) => void res.status(201).json({ id: 'r1', renewal: { termMonths: 12 }, contract: { id: a } }));
    const key = randomUUID();
    const first = await call(base, 'POST', `/v1/contracts/${a}/renewals`, { body: { termMonths: 12 }, headers: { 'idempotency-key': key } });
    expect(first.status, first.text).to.equal(201);
    expect(first.json).to.deep.equal({ id: 'r1', renewal: { termMonths: 12 }, contract: { id: a, depositHeld: 2000000 } });
    const again = await call(base, 'POST', `/v1/contracts/${a}/renewals`, { body: { termMonths: 12 }, headers: { 'idempotency-key': key } });
    expect(again.headers.get('idempotent-replayed')).to.equal('true');
    expect(again.json).to.deep.equal(first.json);
  });

  it('routes that show no contract are not composed (seat orders, outages)', async () => {
    h.contract.handlers.set(`GET /v1/contracts/${a}/seat-orders`, (_req, res) => void res.json({ data: [{ id: b, kind: 'add' }], hasMore: false, nextCursor: null }));
    const res = await call(base, 'GET', `/v1/contracts/${a}/seat-orders`);
    expect(res.json.data[0]).to.not.have.property('depositHeld');
    expect(h.billing.received).to.have.length(0);
  });
});
