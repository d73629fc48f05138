/**
 * Reliability 12: the answer lost after the commit, forced on purpose. With the fault hook
 * `SEATLEASE_FAULT_DROP_AFTER_COMMIT=n` (refused unless the test clock is on) the services drop
 * the connection of the first n requests they commit under an Idempotency-Key, instead of
 * answering: the gateway sees the connection die, answers 502 and releases its own record of the
 * key — exactly the case where a client used to write twice by retrying with its key.
 *
 * Proves: the payment (and the contract signing) retried with the same key exists once, and the
 * retry gets the answer committed with the first request (`Idempotent-Replayed: true`); another
 * retry replays it again from the gateway's store; a different body under the key is a 409.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { loadConfig } from '@seatlease/shared';
import { startSystem, type System } from '../src/system';
import { soak, withPg } from './support';

const PAYMENTS = soak(4, 60);
const SIGNINGS = soak(2, 20);

describe('reliability 12: the answer lost after the commit, retried with the same key', function () {
  this.timeout(soak(120_000, 900_000));
  let sys: System;

  before(async () => {
    sys = await startSystem('rel_lost_answer', { SEATLEASE_FAULT_DROP_AFTER_COMMIT: String(Math.max(PAYMENTS, SIGNINGS)) });
  });
  after(async () => sys?.close());

  it('the fault hook exists only in test mode: a process without the test clock refuses to start with it', () => {
    expect(() => loadConfig({ SEATLEASE_FAULT_DROP_AFTER_COMMIT: '1' })).to.throw(/SEATLEASE_FAULT_DROP_AFTER_COMMIT: is a test fault: refused unless SEATLEASE_TEST_CLOCK=1/);
    expect(loadConfig({ SEATLEASE_FAULT_DROP_AFTER_COMMIT: '1', SEATLEASE_TEST_CLOCK: '1' }).SEATLEASE_FAULT_DROP_AFTER_COMMIT).to.equal(1);
  });

  it(`→ ${PAYMENTS} payments and ${SIGNINGS} signings, each first answer lost after its commit: one each, the retry gets the committed answer`, async () => {
    await sys.advanceTo('2027-03-01T09:00:00+08:00');
    // Requests without a key are never dropped: the hook counts keyed commits only.
    const tenant = await sys.api('POST', '/v1/tenants', { name: '断线重试租户', billingEmails: ['retry@reliability.example'] });
    expect(tenant.status, tenant.text).to.equal(201);
    const tenantId = tenant.body.id as string;

    let retries = 0;
    /** Sends the request as a client with a key does: again with the same key until it is not a 5xx. */
    const withRetries = async (path: string, body: unknown, key: string) => {
      const lost = await sys.api('POST', path, body, { 'idempotency-key': key });
      expect(lost.status, `first try of ${path}: the service dropped the connection after its commit`).to.equal(502);
      expect(lost.headers.get('content-type')).to.match(/problem\+json/);
      for (let i = 0; i < 5; i++) {
        retries++;
        const res = await sys.api('POST', path, body, { 'idempotency-key': key });
        if (res.status < 500) return res;
      }
      throw new Error(`${path} still failing after 5 retries`);
    };

    const signed: Array<{ key: string; body: Record<string, unknown>; answer: Record<string, unknown> }> = [];
    for (let i = 0; i < SIGNINGS; i++) {
      const key = `sign-${randomUUID()}`;
      const body = { tenantId, seatTier: 'province', startMonth: '2027-03', termMonths: 12, seats: 1 + (i % 3), openingDate: '2027-03-15' };
      const res = await withRetries('/v1/contracts', body, key);
      expect(res.status, res.text).to.equal(201);
      expect(res.headers.get('idempotent-replayed')).to.equal('true');
      // The first try committed and finished (its opening invoice too) before its connection was dropped.
      expect(res.body.openingInvoice, res.text).to.not.equal(null);
      signed.push({ key, body, answer: res.body });
    }

    const paid: Array<{ key: string; body: Record<string, unknown>; answer: Record<string, unknown>; reference: string }> = [];
    for (let i = 0; i < PAYMENTS; i++) {
      const key = `pay-${randomUUID()}`;
      const reference = `LOST-ANSWER-${i}`;
      const invoiceId = (signed[i % signed.length]!.answer.openingInvoice as { id: string }).id;
      const body = { tenantId, amount: 10_000 + i, method: 'bank_transfer', reference, receivedOn: '2027-03-01', invoiceId };
      const res = await withRetries('/v1/payments', body, key);
      expect(res.status, res.text).to.equal(201);
      expect(res.headers.get('idempotent-replayed')).to.equal('true');
      expect(res.body).to.include({ tenantId, amount: 10_000 + i, reference });
      paid.push({ key, body, answer: res.body, reference });
    }

    // One of each, and the answers are what was committed the first time.
    await withPg(sys.db.url, async (c) => {
      const contracts = await c.query(`select id::text from contract.contracts where tenant_id = $1`, [tenantId]);
      expect(contracts.rowCount, 'contracts signed').to.equal(SIGNINGS);
      expect(contracts.rows.map((r) => r.id).sort()).to.deep.equal(signed.map((s) => s.answer.id).sort());
      const payments = await c.query(`select reference, count(*)::int n, min(id::text) id from billing.payments where tenant_id = $1 group by reference`, [tenantId]);
      expect(payments.rowCount, 'payments recorded').to.equal(PAYMENTS);
      expect(payments.rows.filter((r) => r.n !== 1), 'payments recorded twice').to.deep.equal([]);
      for (const p of paid) expect(payments.rows.find((r) => r.reference === p.reference)!.id).to.equal(p.answer.id);
      const openings = await c.query(`select contract_id, count(*)::int n from billing.invoices where kind = 'opening' group by contract_id`);
      expect(openings.rowCount).to.equal(SIGNINGS);
      expect(openings.rows.every((r) => r.n === 1)).to.equal(true);
      // The replayed answer is the one recorded in the write's transaction (amended once finished).
      for (const p of paid) {
        const rec = await c.query(`select response_status, response_body::text body from billing.idempotent_requests where idempotency_key = $1`, [p.key]);
        expect(rec.rows[0]).to.deep.equal({ response_status: 201, body: JSON.stringify(p.answer) });
      }
    });

    // Asked again later: the gateway's store now replays the same answers; another body is refused.
    for (const p of paid) {
      const again = await sys.api('POST', '/v1/payments', p.body, { 'idempotency-key': p.key });
      expect(again.status).to.equal(201);
      expect(again.body).to.deep.equal(p.answer);
      const other = await sys.api('POST', '/v1/payments', { ...p.body, amount: 1 }, { 'idempotency-key': p.key });
      expect(other.status, other.text).to.equal(409);
    }
    process.stdout.write(`      ${PAYMENTS + SIGNINGS} requests whose answer was lost after commit, ${retries} retries, duplicates found: 0\n`);
  });
});
