/**
 * Reliability 2: the billing service SIGKILLed at seeded-random points of billing runs,
 * restarted, and asked again, ends with exactly the invoices a clean run on another database
 * issues — compared contract by contract (in creation order): kind, period, total, tax and every
 * line's code, quantity, unit amount and amount; plus the deposit ledger. Numbers stay gapless,
 * no invoice is without lines, and each invoice has exactly one invoice_issued mail.
 *
 * Each seed kills the run of one period (2027-04, 2027-05, …); the clean reference walks the
 * same clock and bills the same periods without kills. Replay a seed: RELIABILITY_SEEDS=7,11.
 */
import { expect } from 'chai';
import pg from 'pg';
import { startProcesses, type ProcessSystem } from '../src/processes';
import { startSystem, type System } from '../src/system';
import { seedPortfolio, type Portfolio } from './support/portfolio';
import { rng, seeds, sleep, soak, waitFor, withPg } from './support';

const SEEDS = seeds([1, 2], 8);
const KILLS_PER_SEED = soak(1, 2);
const CONTRACTS = soak(20, 40);

type Api = System['api'];

function periodFor(index: number): { period: string; clockAt: string } {
  // Period 2027-04 is billed from 2027-03-01; period M (index i) from the first day of M−1.
  const m = 4 + index; // April = 4
  const year = 2027 + Math.floor((m - 1) / 12);
  const month = ((m - 1) % 12) + 1;
  const prev = month === 1 ? { y: year - 1, m: 12 } : { y: year, m: month - 1 };
  return {
    period: `${year}-${String(month).padStart(2, '0')}`,
    clockAt: `${prev.y}-${String(prev.m).padStart(2, '0')}-01T09:00:00+08:00`,
  };
}

async function runToCompletion(api: Api, period: string): Promise<void> {
  const first = await api('POST', '/v1/billing-runs', { period });
  expect([200, 202], first.text).to.include(first.status);
  let run = first.body as { id: string; status: string };
  for (let i = 0; i < 300 && run.status !== 'completed'; i++) {
    await sleep(100);
    run = (await api('GET', `/v1/billing-runs/${run.id}`)).body;
  }
  expect(run.status, `run of ${period}`).to.equal('completed');
}

interface Snapshot {
  invoices: Array<{ contract: number; kind: string; period: string; total: number; tax: number; lines: unknown }>;
  deposits: Array<{ contract: number; entries: unknown }>;
}

async function snapshot(url: string, portfolio: Portfolio): Promise<Snapshot> {
  const index = new Map(portfolio.contractIds.map((id, i) => [id, i]));
  return withPg(url, async (c) => {
    const inv = await c.query(
      `select i.contract_id, i.kind, i.period, i.total_fen::int as total, i.tax_fen::int as tax,
              json_agg(json_build_array(l.code, l.quantity, l.unit_amount_fen, l.amount_fen) order by l.position) as lines
         from billing.invoices i join billing.invoice_lines l on l.invoice_id = i.id
        group by i.id order by i.created_at, i.number`,
    );
    const dep = await c.query(
      `select contract_id, json_agg(json_build_array(entry, amount_fen, on_date) order by id) as entries from billing.deposit_ledger group by contract_id`,
    );
    const invoices = inv.rows
      .map((r) => ({ contract: index.get(r.contract_id) ?? -1, kind: r.kind, period: r.period, total: r.total, tax: r.tax, lines: r.lines }))
      .sort((a, b) => a.contract - b.contract); // stable: creation order within a contract
    const deposits = dep.rows.map((r) => ({ contract: index.get(r.contract_id) ?? -1, entries: r.entries })).sort((a, b) => a.contract - b.contract);
    return { invoices, deposits };
  });
}

async function expectSound(url: string): Promise<void> {
  await withPg(url, async (c) => {
    const numbers = (await c.query(`select number from billing.invoices order by number`)).rows.map((r) => String(r.number));
    const byYear = new Map<string, number[]>();
    for (const n of numbers) {
      const year = /(\d{4})/.exec(n)?.[1] ?? '?';
      byYear.set(year, [...(byYear.get(year) ?? []), Number(n.slice(-6))]);
    }
    for (const [year, seq] of byYear) expect(seq, `invoice numbers of ${year} gapless`).to.deep.equal(seq.map((_, i) => i + 1));
    const empty = await c.query(`select number from billing.invoices i where not exists (select 1 from billing.invoice_lines l where l.invoice_id = i.id)`);
    expect(empty.rows, 'invoices without lines').to.deep.equal([]);
    const mails = await c.query(
      `select i.number, count(m.id)::int as n from billing.invoices i
         left join billing.mail_outbox m on m.invoice_id = i.id and m.kind = 'invoice_issued' group by i.number having count(m.id) <> 1`,
    );
    expect(mails.rows, 'exactly one invoice_issued mail per invoice').to.deep.equal([]);
  });
}

describe('reliability 2: SIGKILL of the billing service at random points of a run (real processes)', function () {
  this.timeout(soak(150_000, 1_200_000));
  let sys: ProcessSystem | undefined;
  let clean: System | undefined;
  after(async () => {
    await sys?.close();
    await clean?.close();
  });

  it(`seeds ${SEEDS.join(', ')}: killed, restarted and rerun → the invoices of a clean run`, async () => {
    // The run under fire: real processes.
    // Batches of 5 contracts (SEATLEASE_BILLING_RUN_BATCH), so a run is several transactions.
    sys = await startProcesses('rel_sigkill', { SEATLEASE_BILLING_RUN_BATCH: '5' });
    await sys.advanceTo('2027-03-01T09:00:00+08:00');
    const portfolio = await seedPortfolio(sys.api, CONTRACTS);
    const watch = new pg.Client({ connectionString: sys.db.url });
    watch.on('error', () => {}); // the database is dropped under it if the test fails
    await watch.connect();
    // processes.ts keeps the first child in `children` when it died by a signal (exitCode stays
    // null), so the live billing process is tracked here.
    let billing = sys.children.get('billing-service')!;
    const log: string[] = [];
    const opened: pg.Client[] = [];
    let midRunKills = 0;
    try {
      for (const [i, seed] of SEEDS.entries()) {
        const { period, clockAt } = periodFor(i);
        if (i > 0) await sys.advanceTo(clockAt);
        const random = rng(seed);
        for (let k = 0; k < KILLS_PER_SEED; k++) {
          const issuedNow = async () =>
            Number((await watch.query(`select count(*) from billing.invoices where period = $1 and kind = 'monthly'`, [period])).rows[0].count);
          const before = await issuedNow();
          // The kill point, chosen by the seed: a contract not billed yet, caught waiting for its
          // lock before its batch's transaction writes anything, or inside that transaction after
          // its invoice numbers were taken (a row of ours holds its (contract, period, kind) key
          // uncommitted), or no barrier at all: plain timing. The run bills contracts in batch
          // transactions (SEATLEASE_BILLING_RUN_BATCH, 5 here); with more contracts than a batch, the
          // batches before the barrier's are committed when the kill comes.
          const billed = new Set(
            (await watch.query(`select contract_id::text as id from billing.invoices where period = $1 and kind = 'monthly'`, [period])).rows.map((r) => r.id as string),
          );
          // The run bills in contract id order (uuid order is the order of the hex text).
          const unbilled = [...portfolio.contractIds].sort().filter((id) => !billed.has(id));
          const chosen = unbilled[Math.floor(random() * Math.max(1, unbilled.length - 1))];
          // How long the kill waits: after the request (timing), or after the run reached the
          // barrier, while the run's other batch in flight goes on.
          const delayMs = Math.floor(random() * 400);
          const how = chosen === undefined ? 'timing' : (['before the transaction', 'inside the transaction', 'timing'] as const)[(i + k) % 3]!;
          const barrier = new pg.Client({ connectionString: sys.db.url });
          barrier.on('error', () => {});
          opened.push(barrier);
          await barrier.connect();
          if (how === 'before the transaction') {
            await barrier.query(`select pg_advisory_lock(hashtextextended($1, 0))`, [`billing:contract:${chosen}`]);
          } else if (how === 'inside the transaction') {
            await barrier.query('begin');
            await barrier.query(
              `insert into billing.invoices (id, number, contract_id, tenant_id, tenant_name, billing_emails, kind, period, issued_on, due_date, total_fen, tax_fen, vat_rate_bp)
               values (gen_random_uuid(), 'RELIABILITY-BARRIER', $1, gen_random_uuid(), 'barrier', '{}', 'monthly', $2, '2027-01-01', '2027-01-01', 0, 0, 0)`,
              [chosen, period],
            );
          }
          let settled = false;
          const inFlight = sys.api('POST', '/v1/billing-runs', { period }).catch(() => null).finally(() => (settled = true));
          if (how === 'timing') await sleep(delayMs);
          else {
            const blocked = async () =>
              settled ||
              Number((await watch.query(`select count(*) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`)).rows[0].count) > 0;
            await waitFor('the run to wait at the barrier', blocked, 30_000, 5);
            await sleep(delayMs);
          }
          await sys.kill(billing, 'SIGKILL');
          const running = (await watch.query(`select status from billing.billing_runs where period = $1`, [period])).rows[0]?.status === 'running';
          const atKill = await issuedNow();
          // Releasing the barrier lets the orphaned backend finish its statement; with its client
          // gone it can only roll back.
          await barrier.end();
          const answer = await inFlight;
          if (running && atKill < CONTRACTS) midRunKills++;
          log.push(`seed ${seed} ${period} kill ${k + 1} ${how}: ${before} → ${atKill}/${CONTRACTS} issued at the kill, in-flight answer ${answer?.status ?? 'none'}`);
          billing = await sys.spawnService('billing-service');
        }
        await runToCompletion(sys.api, period);
      }
    } finally {
      for (const c of opened) await c.end().catch(() => {});
      await watch.end();
      process.stdout.write(`      ${log.join('\n      ')}\n`);
    }
    // The kills must land inside runs for the test to prove anything.
    expect(midRunKills, 'kills that landed in the middle of a run').to.be.greaterThan(0);
    await expectSound(sys.db.url);
    const killed = await snapshot(sys.db.url, portfolio);

    // The clean reference: another database, the same portfolio and clock, no kills.
    clean = await startSystem('rel_sigkill_clean');
    await clean.advanceTo('2027-03-01T09:00:00+08:00');
    const cleanPortfolio = await seedPortfolio(clean.api, CONTRACTS);
    for (const [i] of SEEDS.entries()) {
      const { period, clockAt } = periodFor(i);
      if (i > 0) await clean.advanceTo(clockAt);
      await runToCompletion(clean.api, period);
    }
    await expectSound(clean.db.url);
    const reference = await snapshot(clean.db.url, cleanPortfolio);

    expect(killed.invoices.length).to.equal(reference.invoices.length);
    expect(killed.invoices.filter((i) => i.kind === 'monthly')).to.have.length(CONTRACTS * SEEDS.length);
    expect(killed).to.deep.equal(reference);
  });
});
