/**
 * Issue 6: two scheduler processes (billing replicas) working the same days send each renewal
 * notice once — the (contract, end date, stage) key is claimed under a unique constraint.
 */
import { expect } from 'chai';
import pg from 'pg';
import { freePort } from '@seatlease/shared';
import { startProcesses } from '../src/processes';

describe('renewal notices exactly once with two scheduler replicas (real processes)', function () {
  this.timeout(180_000);

  it('60- and 30-day notices and the 7-day staff alert go out once each', async () => {
    const sys = await startProcesses('notices_once');
    try {
      await sys.advanceTo('2027-02-20T09:00:00+08:00');
      const tenant = await sys.api('POST', '/v1/tenants', { name: '续签测试', billingEmails: ['ap@renewal.example', 'cfo@renewal.example'] });
      // Three months from March 2027: the term ends on 31 May 2027.
      const c = await sys.api('POST', '/v1/contracts', { tenantId: tenant.body.id, seatTier: 'province', startMonth: '2027-03', termMonths: 3, seats: 1, openingDate: '2027-03-01' });
      expect(c.status, c.text).to.equal(201);
      expect(c.body.endDate).to.equal('2027-05-31');
      const secondPort = await freePort();
      await sys.spawnService('billing-service', { BILLING_SERVICE_PORT: String(secondPort) });
      const replicas = [sys.env.BILLING_SERVICE_URL!, `http://127.0.0.1:${secondPort}`];
      const advance = (url: string, from: string, to: string) =>
        fetch(`${url}/internal/scheduler/advance`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-seatlease-internal': sys.env.SEATLEASE_INTERNAL_TOKEN!, 'x-seatlease-now': to },
          body: JSON.stringify({ from, to }),
        }).then(async (r) => ({ status: r.status, body: (await r.json()) as { jobsRun: Array<{ job: string }> } }));
      // Both replicas work the same three months at the same time, in two overlapping sweeps.
      const results = await Promise.all([
        advance(replicas[0]!, '2027-02-20T09:00:00+08:00', '2027-04-15T09:00:00+08:00'),
        advance(replicas[1]!, '2027-02-20T09:00:00+08:00', '2027-04-15T09:00:00+08:00'),
      ]);
      const results2 = await Promise.all([
        advance(replicas[1]!, '2027-03-20T09:00:00+08:00', '2027-05-31T09:00:00+08:00'),
        advance(replicas[0]!, '2027-03-20T09:00:00+08:00', '2027-05-31T09:00:00+08:00'),
      ]);
      for (const r of [...results, ...results2]) expect(r.status).to.equal(200);
      const failures = [...results, ...results2].flatMap((r) => r.body.jobsRun).filter((j) => (j as { result?: { error?: string } }).result?.error);
      expect(failures, JSON.stringify(failures)).to.deep.equal([]);
      const daily = [...results, ...results2].flatMap((r) => r.body.jobsRun).filter((j) => j.job === 'daily');
      // Every day from 21 Feb to 31 May ran once in all: 8 + 31 + 30 + 31 = 100 days.
      expect(daily).to.have.length(100);
      // (Which replica worked which day depends on timing: one may have followed the other all the
      // way, waiting for each slot it could not claim. Exactly-once is what matters.)
      const client = new pg.Client({ connectionString: sys.db.url });
      await client.connect();
      try {
        const notices = await client.query(`select key, on_date::text from billing.notices where contract_id = $1 and kind in ('renewal_notice','staff_alert') order by on_date`, [c.body.id]);
        expect(notices.rows).to.deep.equal([
          { key: `renewal:${c.body.id}:2027-05-31:60`, on_date: '2027-04-01' },
          { key: `renewal:${c.body.id}:2027-05-31:30`, on_date: '2027-05-01' },
          { key: `renewal-alert:${c.body.id}:2027-05-31`, on_date: '2027-05-24' },
        ]);
        const mails = await client.query(`select kind, recipients from billing.mail_outbox where kind in ('renewal_notice','staff_alert') order by created_at`);
        expect(mails.rows.map((m) => m.kind)).to.deep.equal(['renewal_notice', 'renewal_notice', 'staff_alert']);
        expect(mails.rows[0].recipients).to.include.members(['ap@renewal.example', 'cfo@renewal.example', 'staff@localhost']);
      } finally {
        await client.end();
      }
    } finally {
      await sys.close();
    }
  });
});
