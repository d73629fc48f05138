/**
 * Reliability 1: two billing-service processes asked to bill the same period at the same moment
 * (directly, as the scheduler or an operator on each replica would) issue one invoice per
 * contract between them — the run row is unique per period, the run holds an advisory lock, and
 * (contract, period, kind) is unique.
 */
import { expect } from 'chai';
import { freePort } from '@seatlease/shared';
import { startProcesses, type ProcessSystem } from '../src/processes';
import { seedPortfolio } from './support/portfolio';
import { internalHeaders, soak, timedFetch, waitFor, withPg } from './support';

const NOW = '2027-03-01T09:00:00+08:00';

describe('reliability 1: two billing replicas run the same period at once (real processes)', function () {
  this.timeout(soak(120_000, 600_000));
  let sys: ProcessSystem;
  after(async () => sys?.close());

  it('→ one run, one invoice per contract, gapless numbers, every invoice with lines', async () => {
    sys = await startProcesses('rel_two_replicas');
    await sys.advanceTo(NOW);
    const { contractIds } = await seedPortfolio(sys.api, soak(12, 60));
    const secondPort = await freePort();
    await sys.spawnService('billing-service', { BILLING_SERVICE_PORT: String(secondPort) });
    const replicas = [sys.env.BILLING_SERVICE_URL!, `http://127.0.0.1:${secondPort}`];
    const headers = internalHeaders(sys.env.SEATLEASE_INTERNAL_TOKEN!, NOW);
    const post = (url: string) =>
      timedFetch(`${url}/v1/billing-runs`, { method: 'POST', headers, body: JSON.stringify({ period: '2027-04' }), timeoutMs: 60_000 });

    // Both replicas, twice each, all at once (soak: more callers per replica).
    const callers = soak(2, 4);
    const answers = await Promise.all(replicas.flatMap((url) => Array.from({ length: callers }, () => post(url))));
    for (const a of answers) expect([200, 202], a.text).to.include(a.status);
    const runIds = new Set(answers.map((a) => (JSON.parse(a.text) as { id: string }).id));
    expect(runIds.size, 'every caller joins the same run').to.equal(1);
    const runId = [...runIds][0]!;

    const run = await waitFor(
      'the run to complete',
      async () => {
        const r = await timedFetch(`${replicas[1]}/v1/billing-runs/${runId}`, { headers, timeoutMs: 5_000 });
        const body = JSON.parse(r.text) as { status: string; invoicesIssued: number };
        return body.status === 'completed' ? body : undefined;
      },
      60_000,
      200,
    );
    expect(run.invoicesIssued).to.equal(contractIds.length);

    await withPg(sys.db.url, async (c) => {
      expect((await c.query(`select count(*)::int as n from billing.billing_runs where period = '2027-04'`)).rows[0].n).to.equal(1);
      const monthly = await c.query(
        `select contract_id, count(*)::int as n, min((select count(*) from billing.invoice_lines l where l.invoice_id = i.id))::int as lines
           from billing.invoices i where period = '2027-04' and kind = 'monthly' group by contract_id`,
      );
      expect(monthly.rows.map((r) => r.contract_id).sort()).to.deep.equal([...contractIds].sort());
      expect(monthly.rows.every((r) => r.n === 1), 'one monthly invoice per contract').to.equal(true);
      expect(monthly.rows.every((r) => r.lines > 0), 'no invoice without lines').to.equal(true);
      const numbers = (await c.query(`select number from billing.invoices order by number`)).rows.map((r) => Number(String(r.number).slice(-6)));
      expect(numbers).to.deep.equal(numbers.map((_, i) => i + 1));
      const mails = await c.query(
        `select i.id, count(m.id)::int as n from billing.invoices i left join billing.mail_outbox m on m.invoice_id = i.id and m.kind = 'invoice_issued' group by i.id`,
      );
      expect(mails.rows.filter((r) => r.n !== 1), 'one invoice_issued mail per invoice').to.deep.equal([]);
    });

    // Asking again, on either replica, answers the same completed run and issues nothing.
    const again = await post(replicas[0]!);
    expect(JSON.parse(again.text)).to.include({ id: runId, status: 'completed', invoicesIssued: contractIds.length });
  });
});
