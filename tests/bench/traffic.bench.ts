/**
 * Traffic report: `npx tsx tests/bench/traffic.bench.ts [--quick]` (1,000,000 calls of one
 * contract in one month; 100,000 with --quick; `--calls=N` for another size).
 *
 * On a fresh database: N calls of one contract in March 2027 over 500 seats, plus as many again
 * of other contracts and months (so the index has something to skip), inserted server-side from
 * `generate_series`, then `VACUUM ANALYZE`.
 * - value: `trafficRows` — the report's one query (per seat and call type, per seat and hour,
 *   per hour) — and the pure report built from its rows;
 * - floor: a plain `SELECT seat, count(*) … WHERE contract_id = ? AND month = ? GROUP BY seat` on
 *   the same rows: the least a per-seat report can read.
 * Three interleaved rounds, best of each. Prints `traffic_report_ms <ms> ms floor <ms> ratio <x>`.
 * `BENCH_EXPLAIN=1` prints both plans.
 */
import { createKnex, migrate } from '@seatlease/shared';
import { freshDatabase, stopTestServer } from '@seatlease/shared/test/support/testing';
import { migrations } from '@seatlease/billing-service/src/migrations/001-initial';
import { trafficRows } from '@seatlease/billing-service/src/traffic/traffic.repository';
import { buildTrafficReport } from '@seatlease/billing-service/src/traffic/traffic-report';
import { figure, note, QUICK } from './support';

const CONTRACT_ID = '5d0c7a52-3f4e-4b8a-9c61-2e7f0d9a8b13';
const ROUNDS = 3;

function callCount(): number {
  const explicit = process.argv.find((a) => a.startsWith('--calls='));
  if (explicit) {
    const n = Number(explicit.slice('--calls='.length));
    if (!Number.isSafeInteger(n) || n < 1) throw new Error(`--calls must be a positive integer, got ${explicit}`);
    return n;
  }
  return QUICK ? 100_000 : 1_000_000;
}

async function main(): Promise<void> {
  const n = callCount();
  const db = await freshDatabase('traffic_bench');
  const knex = createKnex(db.url, 'billing', { max: 2 });
  try {
    await migrate(knex, 'billing', migrations);
    let t = performance.now();
    // Deterministic pseudo-random fields from the row number (hash-based, no PRNG state).
    const insert = (contractSql: string, monthSql: string, offset: number) =>
      knex.raw(
        `insert into calls (id, contract_id, seat, started_at, duration_seconds, call_type, month, billable_minutes)
         select 'T-' || (g + ?)::text, ${contractSql},
                'S' || lpad((1 + abs(hashint4(g)) % 500)::text, 4, '0'),
                ts, d, (array['local','domestic','mobile'])[1 + abs(hashint4(g * 7)) % 3],
                ${monthSql}, ceil(d / 60.0)::int
           from generate_series(1, ?) g,
                lateral (select timestamptz '2027-03-01 00:00:00+08' + (abs(hashint4(g * 13)) % (31 * 86400)) * interval '1 second' as ts,
                                (abs(hashint4(g * 31)) % 600) as d) x`,
        [offset, n],
      );
    await insert(`'${CONTRACT_ID}'::uuid`, `'2027-03'`, 0);
    // Noise: other contracts in March and the same contract in April.
    await insert(`md5((g % 200)::text)::uuid`, `'2027-03'`, n);
    await knex.raw(`update calls set month = '2027-04', started_at = started_at + interval '31 days' where contract_id = ? and substr(id, 3)::bigint % 10 = 0`, [CONTRACT_ID]);
    await knex.raw('vacuum analyze calls');
    const [{ count }] = (await knex.raw(`select count(*)::bigint as count from calls where contract_id = ? and month = '2027-03'`, [CONTRACT_ID])).rows;
    note(`seeded ${n * 2} calls (${count} of the contract in 2027-03) in ${((performance.now() - t) / 1000).toFixed(1)} s`);

    if (process.env.BENCH_EXPLAIN === '1') {
      // The plans, for whoever tunes this: BENCH_EXPLAIN=1.
      const explain = async (q: string) => note(((await knex.raw(`explain (analyze, buffers) ${q}`, [CONTRACT_ID, '2027-03'])).rows as Array<{ 'QUERY PLAN': string }>).map((r) => r['QUERY PLAN']).join('\n  '));
      await explain(`select seat, count(*) from calls where contract_id = ? and month = ? group by seat`);
      await explain(`select seat, call_type, ((extract(epoch from started_at)::bigint + 28800) / 3600 % 24)::int as hour, count(*), sum(billable_minutes), sum(duration_seconds) from calls where contract_id = ? and month = ? group by 1, 2, 3`);
    }
    const valueRuns: number[] = [];
    const floorRuns: number[] = [];
    const queryRuns: number[] = [];
    let seats = 0;
    for (let round = 0; round < ROUNDS; round++) {
      t = performance.now();
      await knex.raw(`select seat, count(*) from calls where contract_id = ? and month = '2027-03' group by seat`, [CONTRACT_ID]);
      floorRuns.push(performance.now() - t);
      t = performance.now();
      const rows = await trafficRows(knex, CONTRACT_ID, '2027-03');
      queryRuns.push(performance.now() - t);
      const report = buildTrafficReport({ contractId: CONTRACT_ID, tenantId: CONTRACT_ID, tenantName: '基准', period: '2027-03', generatedAt: new Date().toISOString(), types: rows.types, hours: rows.hours, openSeconds: [] });
      valueRuns.push(performance.now() - t);
      seats = report.seats.length;
      if (report.totals.calls !== Number(count)) throw new Error(`the report counted ${report.totals.calls} calls, not ${count}`);
    }
    const value = Math.min(...valueRuns);
    const floor = Math.min(...floorRuns);
    note(`report ${valueRuns.map((x) => x.toFixed(0)).join(' / ')} ms (its query ${queryRuns.map((x) => x.toFixed(0)).join(' / ')} ms); floor ${floorRuns.map((x) => x.toFixed(0)).join(' / ')} ms; ${seats} seats`);
    figure('traffic_report_ms', value, 'ms', { value: floor, ratio: value / floor }, 0);
  } finally {
    await knex.destroy();
    await db.drop();
    await stopTestServer();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
