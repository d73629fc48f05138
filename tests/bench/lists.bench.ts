/**
 * Keyset lists: `npx tsx tests/bench/lists.bench.ts [--quick]` (1,000,000 bills; 150,000 with
 * --quick). Shows that page 1,000 of GET /v1/invoices costs what page 1 costs (issue 24).
 *
 * - data: N invoices of 24 monthly periods (2025-01…2026-12) over N/24 contracts, 5 contracts per
 *   tenant, written with set-based SQL; 60% of them paid in full by one allocation each, so
 *   `status=open` skips three paid bills for every two open ones.
 * - value: `listInvoices` (the code path of GET /v1/invoices in billing-service: query parsing,
 *   the keyset SQL, the derived amounts of the page, no HTTP) for page 1 and for page 1,000 at
 *   the default limit of 50, unfiltered and with `status=open`; each the median of ROUNDS
 *   calls, interleaved. Page 1,000's cursor is the position of its first row's predecessor,
 *   exactly what 999 `nextCursor`s would have led to (checked against OFFSET once).
 * - floor: page 1 of the same query. The ratio page 1,000 ÷ page 1 should be ≈ 1.
 * - for comparison, `list_invoices_offset_page1000_ms`: the LIMIT/OFFSET query the list used
 *   before (no floor: it is what we left).
 * - the export (issue 24, decision 0028: streamed, memory flat): `exportInvoices` — the code path
 *   of GET /v1/invoices/export — of the first periods' bills, at least 100,000 rows (18,750 with
 *   --quick), as CSV and as XLSX, into a response that a slow reader drains (16 KiB buffer, one
 *   chunk per event-loop turn). `export_<format>_peak_rss <MiB> MiB floor <MiB> ratio <x>`: the
 *   process's peak resident set while exporting (sampled every 20 ms) beside the resident set
 *   just before it (flat memory = ratio ≈ 1); rows/s on stderr.
 */
import { createKnex, encodeCursor, migrate, SYSTEM_ACTOR } from '@seatlease/shared';
import { freshDatabase, stopTestServer } from '@seatlease/shared/test/support/testing';
import { migrations as BILLING_MIGRATIONS } from '@seatlease/billing-service/src/migrations/001-initial';
import { listInvoices } from '@seatlease/billing-service/src/invoices/list-invoices';
import { exportInvoices } from '@seatlease/billing-service/src/exports/finance-export';
import { Writable } from 'node:stream';
import type { Response } from 'express';
import type { Caller, Deps } from '@seatlease/billing-service/src/deps';
import { QUICK } from './support';

const BILLS = QUICK ? 150_000 : 1_000_000;
const LIMIT = 50;
const PAGE = 1_000;
const ROUNDS = QUICK ? 15 : 25;
/** Periods exported (from 2025-01): 3 of 24 → 125,000 of 1,000,000 bills (18,750 of 150,000). */
const EXPORT_PERIODS = 3;

/** An Express-like response that a slow client reads: bytes counted and dropped, one chunk per turn. */
function slowResponse(): Response & { bytes: number } {
  const out = new Writable({
    highWaterMark: 16 * 1024,
    write(chunk: Buffer, _enc, done) {
      (out as unknown as { bytes: number }).bytes += chunk.length;
      setImmediate(done);
    },
  }) as unknown as Response & { bytes: number };
  out.bytes = 0;
  const headers = new Map<string, string>();
  Object.assign(out, {
    setHeader: (name: string, value: string) => headers.set(name.toLowerCase(), value),
    type: (value: string) => {
      headers.set('content-type', value);
      return out;
    },
  });
  return out;
}

const uid = (textSql: string) => `overlay(overlay(md5(${textSql}) placing '4' from 13) placing '8' from 17)::uuid`;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function main(): Promise<void> {
  const db = await freshDatabase('lists_bench');
  const knex = createKnex(db.url, 'billing', { max: 4 });
  try {
    await migrate(knex, 'billing', BILLING_MIGRATIONS);
    let t = performance.now();
    // i = 0..N-1: contract i / 24, period month i % 24 from 2025-01; issued on the 10th of the month before.
    await knex.raw(`
      insert into invoices (id, number, contract_id, tenant_id, tenant_name, billing_emails, kind, period, issued_on, due_date,
                            currency, total_fen, tax_fen, vat_rate_bp, warnings)
      select ${uid(`'invoice:' || i`)},
             'INV-' || to_char(p.m - interval '1 month', 'YYYY') || '-' || lpad(i::text, 7, '0'),
             ${uid(`'contract:' || (i / 24)`)},
             ${uid(`'tenant:' || (i / 120)`)},
             '第' || (i / 120) || '号坐席客户服务有限公司', array['ap@tenant.example'],
             'monthly', to_char(p.m, 'YYYY-MM'), (p.m - interval '1 month' + interval '9 days')::date, (p.m - interval '3 days')::date,
             'CNY', 2000000 + (i % 7) * 100, 113208, 600, '[]'
      from generate_series(0, ${BILLS - 1}) i
      cross join lateral (select (date '2025-01-01' + make_interval(months => i % 24))::date as m) p`);
    // 60% paid in full: status=open has to skip them.
    await knex.raw(`
      insert into payment_allocations (invoice_id, source, amount_fen, on_date)
      select id, 'payment', total_fen, due_date from invoices where (hashtext(id::text) & 1023) < 614`);
    await knex.raw('analyze invoices');
    await knex.raw('analyze payment_allocations');
    process.stderr.write(`seeded ${BILLS} invoices in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);

    const deps = { knex } as unknown as Deps;
    const caller: Caller = { actor: SYSTEM_ACTOR, clock: { nowMs: () => Date.parse('2027-01-15T09:00:00+08:00') }, scopeTenantId: null, requestId: 'bench' };
    const skip = (PAGE - 1) * LIMIT;

    // Page 1,000's cursor: the key of the last row of page 999 (what 999 nextCursors lead to).
    const cursorAt = async (openOnly: boolean): Promise<{ cursor: string; firstId: string }> => {
      const open = openOnly ? `where i.total_fen > coalesce((select sum(a.amount_fen) from payment_allocations a where a.invoice_id = i.id), 0)` : '';
      const rows = (await knex.raw(`select i.id, i.issued_on::text as k0, i.number as k1 from invoices i ${open} order by i.issued_on desc, i.number desc offset ? limit 2`, [skip - 1])).rows as Array<{ id: string; k0: string; k1: string }>;
      if (rows.length < 2) throw new Error(`fewer than ${skip + 1} rows${openOnly ? ' open' : ''}`);
      return { cursor: encodeCursor([rows[0]!.k0, rows[0]!.k1]), firstId: rows[1]!.id };
    };
    const all = await cursorAt(false);
    const open = await cursorAt(true);

    const cases = [
      { name: 'list_invoices_page1_ms', query: {} as Record<string, string>, expectFirst: null as string | null },
      { name: 'list_invoices_page1000_ms', query: { cursor: all.cursor }, expectFirst: all.firstId },
      { name: 'list_invoices_open_page1_ms', query: { status: 'open' }, expectFirst: null },
      { name: 'list_invoices_open_page1000_ms', query: { status: 'open', cursor: open.cursor }, expectFirst: open.firstId },
    ];
    const times = new Map<string, number[]>(cases.map((c) => [c.name, []]));
    const offsetTimes: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const c of cases) {
        t = performance.now();
        const page = await listInvoices(deps, caller, c.query);
        times.get(c.name)!.push(performance.now() - t);
        if (page.data.length !== LIMIT) throw new Error(`${c.name}: ${page.data.length} rows`);
        if (c.expectFirst && page.data[0]!.id !== c.expectFirst) throw new Error(`${c.name}: the page does not start where OFFSET ${skip} does`);
        if (c.query.status && page.data.some((d) => d.status !== 'open')) throw new Error(`${c.name}: a row that is not open`);
      }
      t = performance.now();
      await knex.raw('select * from invoices order by issued_on desc, number desc limit ? offset ?', [LIMIT, skip]);
      offsetTimes.push(performance.now() - t);
    }
    const m = (name: string) => median(times.get(name)!);
    const line = (name: string, value: number, floor?: number) =>
      console.log(`${name} ${value.toFixed(2)} ms` + (floor !== undefined ? ` floor ${floor.toFixed(2)} ratio ${(value / floor).toFixed(2)}` : ''));
    line('list_invoices_page1_ms', m('list_invoices_page1_ms'));
    line('list_invoices_page1000_ms', m('list_invoices_page1000_ms'), m('list_invoices_page1_ms'));
    line('list_invoices_open_page1_ms', m('list_invoices_open_page1_ms'));
    line('list_invoices_open_page1000_ms', m('list_invoices_open_page1000_ms'), m('list_invoices_open_page1_ms'));
    line('list_invoices_offset_page1000_ms', median(offsetTimes));
    process.stderr.write(`${BILLS} bills, limit ${LIMIT}, page ${PAGE}, median of ${ROUNDS} interleaved rounds\n`);

    // The export: peak memory while streaming, beside the memory just before.
    const periodTo = `2025-${String(EXPORT_PERIODS).padStart(2, '0')}`;
    const rows = Number((await knex.raw(`select count(*) as n from invoices where period between '2025-01' and ?`, [periodTo])).rows[0].n);
    for (const format of ['csv', 'xlsx'] as const) {
      global.gc?.();
      const heapBefore = process.memoryUsage().heapUsed;
      const before = process.memoryUsage().rss;
      let peak = before;
      const sampler = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage().rss);
      }, 20);
      const res = slowResponse();
      const finished = new Promise<void>((resolve, reject) => {
        res.on('finish', resolve);
        res.on('error', reject);
      });
      t = performance.now();
      await exportInvoices(deps, caller, { periodFrom: '2025-01', periodTo, format }, res);
      await finished;
      const s = (performance.now() - t) / 1000;
      clearInterval(sampler);
      peak = Math.max(peak, process.memoryUsage().rss);
      const mib = (b: number) => b / 2 ** 20;
      // what the export kept (with --expose-gc: after a full collection), as against garbage not yet collected
      global.gc?.();
      const kept = process.memoryUsage().heapUsed - heapBefore;
      process.stderr.write(`export ${format}: ${rows} rows, ${(res.bytes / 2 ** 20).toFixed(1)} MiB in ${s.toFixed(1)} s (${Math.round(rows / s)} rows/s); ` +
        `heap ${global.gc ? 'kept after a full GC' : 'grew'}: ${(kept / 2 ** 20).toFixed(1)} MiB\n`);
      console.log(`export_${format}_peak_rss ${mib(peak).toFixed(0)} MiB floor ${mib(before).toFixed(0)} ratio ${(peak / before).toFixed(2)}`);
    }
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
