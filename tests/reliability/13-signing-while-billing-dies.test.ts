/**
 * Reliability 13: billing-service SIGKILLed at signing, between the contract's commit and its
 * opening invoice. contract-service commits the contract and then asks billing for the opening
 * invoice; billing is dead, so the contract is signed without it. Billing is started again.
 *
 * Proves: within one scheduler tick (the test clock moved one minute, no midnight crossed) the
 * `opening-invoices` tick job issues the missing opening invoice, once, with its mail; a signing
 * retried with its Idempotency-Key once billing is back finishes its answer (the opening invoice
 * in it) without signing twice; and the next ticks issue nothing more. (The kill comes just
 * before the signing rather than inside billing's request: for the contract it is the same state.)
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { startProcesses, type ProcessSystem } from '../src/processes';
import { soak, withPg } from './support';

const SIGNINGS = soak(2, 10);

describe('reliability 13: billing-service SIGKILLed at signing; the opening bill comes within one tick', function () {
  this.timeout(soak(120_000, 600_000));
  let sys: ProcessSystem | undefined;
  after(async () => sys?.close());

  it(`→ ${SIGNINGS} contracts signed while billing is dead get their opening invoice at the next tick; a keyed retry finishes its answer`, async () => {
    sys = await startProcesses('rel_signing_kill');
    await sys.advanceTo('2027-03-01T09:00:00+08:00');
    const tenant = await sys.api('POST', '/v1/tenants', { name: '签约时计费宕机租户', billingEmails: ['ap@reliability.example'] });
    expect(tenant.status, tenant.text).to.equal(201);

    await sys.kill(sys.children.get('billing-service')!, 'SIGKILL');
    const body = (i: number) => ({ tenantId: tenant.body.id, seatTier: 'province', startMonth: '2027-03', termMonths: 12, seats: 1 + i, openingDate: '2027-03-15' });
    const signed: string[] = [];
    for (let i = 0; i < SIGNINGS; i++) {
      const c = await sys.api('POST', '/v1/contracts', body(i));
      expect(c.status, c.text).to.equal(201);
      expect(c.body.openingInvoice, 'billing is dead: no opening invoice at signing').to.equal(null);
      signed.push(c.body.id);
    }
    const retryKey = randomUUID();
    const keyed = await sys.api('POST', '/v1/contracts', body(SIGNINGS), { 'idempotency-key': retryKey });
    expect(keyed.status, keyed.text).to.equal(201);
    expect(keyed.body.openingInvoice).to.equal(null);
    const openings = () =>
      withPg(sys!.db.url, async (c) => (await c.query(`select contract_id::text, number from billing.invoices where kind = 'opening' order by number`)).rows as Array<{ contract_id: string; number: string }>);
    expect(await openings()).to.deep.equal([]);

    await sys.spawnService('billing-service');
    // The keyed signing retried as after a lost answer (the gateway's record of the key gone):
    // the service replays its record, sees no opening invoice in it and finishes the signing.
    await withPg(sys.db.url, (c) => c.query(`delete from gateway.idempotency_keys where idempotency_key = $1`, [retryKey]));
    const again = await sys.api('POST', '/v1/contracts', body(SIGNINGS), { 'idempotency-key': retryKey });
    expect(again.status, again.text).to.equal(201);
    expect(again.headers.get('idempotent-replayed')).to.equal('true');
    expect(again.body.id).to.equal(keyed.body.id);
    expect(again.body.openingInvoice, 'the replay finished the signing').to.not.equal(null);

    // One tick: the test clock moves one minute (no midnight, so the daily sweep does not run).
    const tick = (await sys.advanceTo('2027-03-01T09:01:00+08:00')) as { jobsRun: Array<{ job: string; result: { openingInvoices?: number } }> };
    expect(tick.jobsRun.map((j) => j.job)).to.deep.equal(['opening-invoices']);
    expect(tick.jobsRun[0]!.result.openingInvoices).to.equal(SIGNINGS);
    const rows = await openings();
    const all = [...signed, keyed.body.id as string];
    expect(rows.map((r) => r.contract_id).sort()).to.deep.equal([...all].sort());
    const numbers = rows.map((r) => Number(r.number.slice(9)));
    expect(numbers, 'opening invoice numbers gapless').to.deep.equal(numbers.map((_, i) => i + 1));
    const mails = await withPg(sys.db.url, async (c) =>
      (await c.query(`select count(*)::int n from billing.mail_outbox where kind = 'invoice_issued'`)).rows[0].n as number,
    );
    expect(mails).to.equal(all.length);

    // Later ticks find nothing missing.
    const later = (await sys.advanceTo('2027-03-01T09:03:00+08:00')) as { jobsRun: Array<{ job: string; result: { openingInvoices?: number } }> };
    expect(later.jobsRun.map((j) => j.result.openingInvoices)).to.deep.equal([0, 0]);
    expect((await openings()).length).to.equal(all.length);
  });
});
