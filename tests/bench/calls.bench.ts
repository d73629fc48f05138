/**
 * Call import throughput: `npx tsx tests/bench/calls.bench.ts [--quick]` (1,000,000 rows; 100,000
 * with --quick; `--rows=N` for another size).
 *
 * Generates N call records deterministically into a temp CSV file, then on one embedded
 * PostgreSQL (a fresh database):
 * - floor: a raw `COPY … FROM STDIN (FORMAT csv)` of that file, streamed from this process,
 *   into a table shaped like `calls` (same columns, primary key and index) — the physical
 *   minimum to get those bytes into that table;
 * - value: `importCalls` (the code path of POST /v1/calls and the CLI, no HTTP) on the same
 *   file: the CSV reader, row checks, the live-period check, rating, and binary COPY straight
 *   into `calls` in chunks of 50,000 calls, each in a savepoint (`calls` is emptied before each
 *   round, so no chunk meets a known id and none takes the staging way).
 * Two interleaved rounds of each, best of each counts (the machine may be shared).
 * Prints `calls_import_rows_per_s <value> rows/s floor <floor> ratio <x>` and
 * `calls_import_peak_rss <MiB> MiB` (process.resourceUsage().maxRSS after the import: the whole
 * process, Node and knex included; the baseline before the import goes to stderr).
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { createKnex, migrate, type BillingFacts } from '@seatlease/shared';
import { freshDatabase, stopTestServer } from '@seatlease/shared/test/support/testing';
import { migrations } from '@seatlease/billing-service/src/migrations/001-initial';
import { importCalls } from '@seatlease/billing-service/src/usage/import-calls';
import { prng } from '../src/prng';

const CONTRACT_ID = '5d0c7a52-3f4e-4b8a-9c61-2e7f0d9a8b13';
const TYPES = ['local', 'domestic', 'mobile'] as const;
const ROUNDS = 2;

function rowCount(): number {
  const argv = process.argv.slice(2);
  const explicit = argv.find((a) => a.startsWith('--rows='));
  if (explicit) {
    const n = Number(explicit.slice('--rows='.length));
    if (!Number.isSafeInteger(n) || n < 1) throw new Error(`--rows must be a positive integer, got ${explicit}`);
    return n;
  }
  return argv.includes('--quick') ? 100_000 : 1_000_000;
}

const two = (n: number) => String(n).padStart(2, '0');

/** Writes N rows of March 2027 calls (Asia/Shanghai), streamed to disk in 1 MiB pieces. */
async function generate(file: string, rows: number): Promise<void> {
  const out = createWriteStream(file);
  const rnd = prng(20270301);
  let chunk = 'id,seat,startedAt,durationSeconds,callType\n';
  for (let i = 0; i < rows; i++) {
    const day = 1 + Math.floor(rnd() * 31);
    const seconds = Math.floor(rnd() * 86_400);
    // Most calls are short; a few last up to an hour.
    const duration = rnd() < 0.9 ? Math.floor(rnd() * 300) : Math.floor(rnd() * 3600);
    const startedAt = `2027-03-${two(day)}T${two(Math.floor(seconds / 3600))}:${two(Math.floor(seconds / 60) % 60)}:${two(seconds % 60)}+08:00`;
    chunk += `CDR-${String(i).padStart(9, '0')},S${String(1 + Math.floor(rnd() * 500)).padStart(4, '0')},${startedAt},${duration},${TYPES[Math.floor(rnd() * 3)]}\n`;
    if (chunk.length >= 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

/** A contract live for the whole of 2027 (only seatSpans, endDate and termination matter here). */
function benchFacts(): BillingFacts {
  return {
    contractId: CONTRACT_ID,
    tenantId: '00000000-0000-4000-8000-000000000001',
    tenantName: '基准测试租户',
    billingEmails: ['bench@example.com'],
    status: 'active',
    seatTier: 'province',
    signedOn: '2026-12-20',
    startMonth: '2027-01',
    termMonths: 12,
    endDate: '2027-12-31',
    vatRateBp: 600,
    restoreWindowHours: 0,
    callRates: { local: 10, domestic: 20, mobile: 15 },
    prices: [{ effectiveMonth: '2027-01', seatFeeFen: 200000, circuitFeeFen: 0 }],
    seatOrders: [],
    seatSpans: [{ orderId: 'o1', quantity: 500, liveFrom: '2027-01-01', liveTo: null, forecast: false }],
    outages: [],
    forceMajeure: [],
    suspensions: [],
    termination: null,
    oneOffCharges: [],
  };
}

/** The floor: the file's bytes COPYed as they are into a table shaped like `calls`. */
async function rawCopyMs(url: string, file: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('drop table if exists billing.calls_floor');
    await client.query('create table billing.calls_floor (like billing.calls including all)');
    // The file has no contract, month or minutes: constants stand in, as cheap as they come.
    await client.query(`alter table billing.calls_floor alter contract_id set default '${CONTRACT_ID}', alter month set default '2027-03', alter billable_minutes set default 0`);
    await client.query('checkpoint');
    const t = performance.now();
    await pipeline(
      createReadStream(file, { highWaterMark: 256 * 1024 }),
      client.query(copyStreams.from('copy billing.calls_floor (id, seat, started_at, duration_seconds, call_type) from stdin (format csv, header true)')),
    );
    const ms = performance.now() - t;
    await client.query('drop table billing.calls_floor');
    return ms;
  } finally {
    await client.end();
  }
}

const mib = (kib: number) => kib / 1024;

async function main(): Promise<void> {
  const rows = rowCount();
  const dir = mkdtempSync(join(tmpdir(), 'seatlease-calls-bench-'));
  const file = join(dir, 'calls.csv');
  const db = await freshDatabase('calls_bench');
  const knex = createKnex(db.url, 'billing', { max: 4 });
  try {
    let t = performance.now();
    await generate(file, rows);
    const bytes = statSync(file).size;
    process.stderr.write(`generated ${rows} rows, ${(bytes / 1024 / 1024).toFixed(1)} MiB in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
    await migrate(knex, 'billing', migrations);

    // Interleaved rounds, best of each: load from other processes on the machine hits both alike.
    const facts = benchFacts();
    const floorRuns: number[] = [];
    const importRuns: number[] = [];
    let rssBeforeKiB = 0;
    for (let round = 0; round < ROUNDS; round++) {
      floorRuns.push(await rawCopyMs(db.url, file));
      await knex.raw('truncate calls');
      await knex.raw('checkpoint');
      if (round === 0) rssBeforeKiB = process.resourceUsage().maxRSS;
      t = performance.now();
      const summary = await importCalls(knex, createReadStream(file, { highWaterMark: 256 * 1024 }), {
        format: 'csv',
        defaultContractId: CONTRACT_ID,
        factsOf: async (id) => (id === CONTRACT_ID ? facts : null),
        nowMs: Date.now(),
      });
      importRuns.push(performance.now() - t);
      if (summary.accepted !== rows || summary.rejectedTotal !== 0) {
        throw new Error(`the import did not take every row: ${JSON.stringify({ ...summary, rejected: summary.rejected.slice(0, 5) })}`);
      }
    }
    const peakKiB = process.resourceUsage().maxRSS;
    const importMs = Math.min(...importRuns);
    const floorMs = Math.min(...floorRuns);

    const value = (rows * 1000) / importMs;
    const floor = (rows * 1000) / floorMs;
    const secs = (xs: number[]) => xs.map((x) => (x / 1000).toFixed(2)).join(' / ');
    process.stderr.write(
      `import ${secs(importRuns)} s; raw COPY ${secs(floorRuns)} s; maxRSS before the first import ${mib(rssBeforeKiB).toFixed(0)} MiB\n`,
    );
    console.log(`calls_import_rows_per_s ${value.toFixed(0)} rows/s floor ${floor.toFixed(0)} ratio ${(value / floor).toFixed(2)}`);
    console.log(`calls_import_peak_rss ${mib(peakKiB).toFixed(0)} MiB`);
  } finally {
    await knex.destroy();
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
    await stopTestServer();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
