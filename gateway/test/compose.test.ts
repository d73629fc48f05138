/**
 * Contract answers composed at the door (decision 0062): contract-service answers the contract,
 * billing-service the money — the deposit it holds, the opening bill of a signing, the
 * corrections of a void — and the gateway puts them together, on the fast path (GET) and through
 * Express (POST, with an Idempotency-Key replay).
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
    h.billing.handlers.set('POST /internal/deposits/held', (_req, res, body) => {
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

  it('HEAD on a composed route asks billing nothing and claims no length the GET would not have', async () => {
    h.contract.handlers.set(`HEAD /v1/contracts/${a}`, (_req, res) => void res.json({ id: a }));
    const res = await call(base, 'HEAD', `/v1/contracts/${a}`);
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-length')).to.equal(null);
    expect(h.billing.received).to.have.length(0);
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

  it('POST /v1/contracts: billing issues the opening bill, then the deposit it bills shows as held', async () => {
    const signed = randomUUID();
    h.contract.handlers.set('POST /v1/contracts', (_req, res) => void res.status(201).json({ id: signed, status: 'pending_opening' }));
    h.billing.handlers.set('POST /internal/invoices/opening', (_req, res) => void res.status(201).json({ id: 'inv-1', kind: 'opening', total: 4000000 }));
    h.billing.handlers.set('POST /internal/deposits/held', (_req, res) => void res.json({ heldFen: { [signed]: 2000000 } }));
    const res = await call(base, 'POST', '/v1/contracts', { body: { tenantId: randomUUID() } });
    expect(res.status, res.text).to.equal(201);
    expect(res.json).to.deep.equal({ id: signed, status: 'pending_opening', openingInvoice: { id: 'inv-1', kind: 'opening', total: 4000000 }, depositHeld: 2000000 });
    const opening = h.billing.calls('POST', '/internal/invoices/opening');
    expect(opening).to.have.length(1);
    expect(JSON.parse(opening[0]!.body.toString('utf8'))).to.deep.equal({ contractId: signed });
    // billing records who signed: the caller's actor goes with the request
    expect(JSON.parse(String(opening[0]!.headers['x-seatlease-actor']))).to.include({ role: 'staff', name: 'bootstrap admin' });
    const order = h.billing.received.map((r) => r.url);
    expect(order).to.deep.equal(['/internal/invoices/opening', '/internal/deposits/held']);
  });

  it('POST /v1/contracts with billing down: signed all the same, openingInvoice and depositHeld null', async () => {
    const signed = randomUUID();
    h.contract.handlers.set('POST /v1/contracts', (_req, res) => void res.status(201).json({ id: signed }));
    h.billing.handlers.set('POST /internal/invoices/opening', (_req, res) => void res.status(503).json({ status: 503 }));
    h.billing.handlers.set('POST /internal/deposits/held', (_req, res) => void res.status(503).json({ status: 503 }));
    const res = await call(base, 'POST', '/v1/contracts', { body: { tenantId: randomUUID() } });
    expect(res.status).to.equal(201);
    expect(res.json).to.deep.equal({ id: signed, openingInvoice: null, depositHeld: null });
  });

  it('a void: billing asked to correct each contract it touched; the answer as it came, byte for byte', async () => {
    const raw = JSON.stringify({ id: 'o-1', contractId: a, voidReason: 'entered twice' });
    h.contract.handlers.set('POST /v1/outages/o-1/void', (_req, res) => void res.type('application/json').send(raw));
    h.billing.handlers.set(`POST /internal/contracts/${a}/void-corrections`, (_req, res) => void res.json({ creditNotes: [] }));
    const res = await call(base, 'POST', '/v1/outages/o-1/void', { body: { reason: 'entered twice' } });
    expect(res.status).to.equal(200);
    expect(res.text).to.equal(raw);
    expect(h.billing.calls('POST', `/internal/contracts/${a}/void-corrections`)).to.have.length(1);

    h.contract.handlers.set('POST /v1/force-majeure/f-1/void', (_req, res) => void res.json({ id: 'f-1', contractIds: [a, b] }));
    await call(base, 'POST', '/v1/force-majeure/f-1/void', { body: { reason: 'wrong event' } });
    expect(h.billing.calls('POST', `/internal/contracts/${b}/void-corrections`)).to.have.length(1);
    // a claim on every contract (contractIds null): each contract's next bill corrects (decision 0017)
    h.billing.reset();
    h.contract.handlers.set('POST /v1/force-majeure/f-2/void', (_req, res) => void res.json({ id: 'f-2', contractIds: null }));
    expect((await call(base, 'POST', '/v1/force-majeure/f-2/void', { body: { reason: 'wrong event' } })).status).to.equal(200);
    expect(h.billing.received).to.have.length(0);
  });
});
