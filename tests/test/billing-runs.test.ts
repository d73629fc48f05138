/**
 * Issue 5: a period is billed once however often and however concurrently it is asked for,
 * and a billing service killed halfway resumes without doubling or skipping anything.
 */
import { expect } from 'chai';
import pg from 'pg';
import { startProcesses, type ProcessSystem } from '../src/processes';

async function seedContracts(sys: ProcessSystem, n: number): Promise<string[]> {
  const tenant = await sys.api('POST', '/v1/tenants', { name: '并发测试租户', billingEmails: ['ap@concurrency.example'] });
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const c = await sys.api('POST', '/v1/contracts', { tenantId: tenant.body.id, seatTier: 'county', startMonth: '2027-03', termMonths: 12, seats: 1 + (i % 5), openingDate: '2027-03-15' });
    expect(c.status, c.text).to.equal(201);
    ids.push(c.body.id);
  }
  return ids;
}

async function monthlyInvoices(sys: ProcessSystem, period: string) {
  const client = new pg.Client({ connectionString: sys.db.url });
  await client.connect();
  try {
    const invoices = await client.query(`select i.id, i.number, i.contract_id, i.total_fen, (select count(*) from billing.invoice_lines l where l.invoice_id = i.id)::int as lines
                                         from billing.invoices i where period = $1 and kind = 'monthly' order by number`, [period]);
    const all = await client.query(`select number from billing.invoices order by number`);
    return { monthly: invoices.rows, allNumbers: all.rows.map((r) => r.number as string) };
  } finally {
    await client.end();
  }
}

function expectGapless(numbers: string[]) {
  const seq = numbers.map((n) => Number(n.slice(-6)));
  expect(seq).to.deep.equal(seq.map((_, i) => i + 1));
}

describe('billing runs: exactly once, resumable (real processes)', function () {
  this.timeout(240_000);

  it('five concurrent POST /v1/billing-runs for one period → one run, one invoice per contract', async () => {
    const sys = await startProcesses('runs_concurrent');
    try {
      await sys.advanceTo('2027-03-01T09:00:00+08:00');
      const contracts = await seedContracts(sys, 20);
      const answers = await Promise.all(Array.from({ length: 5 }, () => sys.api('POST', '/v1/billing-runs', { period: '2027-04' })));
      const ids = new Set(answers.map((a) => a.body.id));
      expect(answers.map((a) => a.status).every((s) => s === 200 || s === 202), answers.map((a) => a.text).join()).to.equal(true);
      expect(ids.size).to.equal(1);
      let run = answers[0]!.body;
      for (let i = 0; i < 100 && run.status !== 'completed'; i++) {
        await new Promise((r) => setTimeout(r, 200));
        run = (await sys.api('GET', `/v1/billing-runs/${run.id}`)).body;
      }
      expect(run).to.include({ status: 'completed', period: '2027-04', invoicesIssued: contracts.length });
      const { monthly, allNumbers } = await monthlyInvoices(sys, '2027-04');
      expect(monthly).to.have.length(contracts.length);
      expect(new Set(monthly.map((m) => m.contract_id)).size).to.equal(contracts.length);
      expectGapless(allNumbers);
      const again = await sys.api('POST', '/v1/billing-runs', { period: '2027-04' });
      expect(again.body).to.include({ id: run.id, status: 'completed', invoicesIssued: contracts.length });
      const tooFar = await sys.api('POST', '/v1/billing-runs', { period: '2027-06' });
      expect(tooFar.status).to.equal(409);
    } finally {
      await sys.close();
    }
  });

  it('SIGKILL of the billing service halfway, restart, rerun → every contract billed once, numbers gapless', async () => {
    // Batches of 10 contracts (SEATLEASE_BILLING_RUN_BATCH): the kill lands between committed batches.
    const sys = await startProcesses('runs_sigkill', { SEATLEASE_BILLING_RUN_BATCH: '10' });
    try {
      await sys.advanceTo('2027-03-01T09:00:00+08:00');
      const contracts = await seedContracts(sys, 120);
      // Not awaited: the run is killed while this request is still waiting for it.
      const first = sys.api('POST', '/v1/billing-runs', { period: '2027-04' }).catch(() => null);
      // Wait until part of the run is done, then kill the billing service without warning.
      const client = new pg.Client({ connectionString: sys.db.url });
      await client.connect();
      let issued = 0;
      for (let i = 0; i < 200; i++) {
        issued = Number((await client.query(`select count(*) from billing.invoices where kind = 'monthly'`)).rows[0].count);
        if (issued >= 10) break;
        await new Promise((r) => setTimeout(r, 25));
      }
      await client.end();
      await sys.kill(sys.children.get('billing-service')!, 'SIGKILL');
      const answered = await first;
      expect(answered === null || answered.status >= 500, 'the request in flight fails with its process').to.equal(true);
      const halfway = await monthlyInvoices(sys, '2027-04');
      expect(halfway.monthly.length).to.be.greaterThan(0);
      expect(halfway.monthly.length).to.be.lessThan(contracts.length);
      await sys.spawnService('billing-service');
      let run = (await sys.api('POST', '/v1/billing-runs', { period: '2027-04' })).body;
      for (let i = 0; i < 150 && run.status !== 'completed'; i++) {
        await new Promise((r) => setTimeout(r, 200));
        run = (await sys.api('GET', `/v1/billing-runs/${run.id}`)).body;
      }
      expect(run).to.include({ status: 'completed', invoicesIssued: contracts.length });
      const { monthly, allNumbers } = await monthlyInvoices(sys, '2027-04');
      expect(monthly).to.have.length(contracts.length);
      expect(new Set(monthly.map((m) => m.contract_id)).size).to.equal(contracts.length);
      expect(monthly.every((m) => m.lines > 0)).to.equal(true);
      expectGapless(allNumbers);
    } finally {
      await sys.close();
    }
  });
});
