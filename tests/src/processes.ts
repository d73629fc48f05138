/**
 * The system as real separate processes (as `npm start` runs it), for tests that kill, restart
 * or duplicate a service: SIGKILL halfway through a billing run, two billing replicas at once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@seatlease/shared';
import { freshDatabase, httpClient, type TestDatabase } from '@seatlease/shared/test/support/testing';
import { ADMIN_TOKEN } from './system';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export type ServiceName = 'contract-service' | 'billing-service' | 'assessment-service' | 'gateway';

const ENTRY: Record<ServiceName, string> = {
  'contract-service': 'contract-service/src/main.ts',
  'billing-service': 'billing-service/src/main.ts',
  'assessment-service': 'assessment-service/src/main.ts',
  gateway: 'gateway/src/main.ts',
};

export interface ProcessSystem {
  db: TestDatabase;
  env: Record<string, string>;
  gatewayUrl: string;
  api: ReturnType<typeof httpClient>;
  /** Starts one more process of a service (e.g. a second billing replica) on its own port. */
  spawnService(name: ServiceName, extraEnv?: Record<string, string>): Promise<ChildProcess>;
  kill(child: ChildProcess, signal?: NodeJS.Signals): Promise<void>;
  children: Map<ServiceName, ChildProcess>;
  /** Calls the gateway with another token. */
  as(token: string): ReturnType<typeof httpClient>;
  advanceTo(iso: string): Promise<unknown>;
  /** Everything each service wrote (stdout and stderr), with `keepLogs`; else the stderr tails. */
  logs(): Record<string, string>;
  close(): Promise<void>;
}

async function waitHealthy(url: string, child: ChildProcess, stderr: () => string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`process exited (${child.exitCode}): ${stderr()}`);
    try {
      if ((await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) })).ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} not healthy in ${timeoutMs} ms: ${stderr()}`);
}

/** Logs kept per service with `keepLogs`, at most this many bytes each (a limit on everything). */
const MAX_LOG_BYTES = 64 * 1024 * 1024;

export async function startProcesses(
  label: string,
  extraEnv: Record<string, string> = {},
  options: { keepLogs?: boolean } = {},
): Promise<ProcessSystem> {
  const db = await freshDatabase(label);
  const ports = { gateway: await freePort(), contract: await freePort(), billing: await freePort(), assessment: await freePort() };
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    DATABASE_URL: db.url,
    SEATLEASE_DATA_DIR: mkdtempSync(join(tmpdir(), 'seatlease-proc-')),
    SEATLEASE_INTERNAL_TOKEN: 'process-test-internal-token-0123',
    SEATLEASE_ADMIN_TOKEN: ADMIN_TOKEN,
    SEATLEASE_TEST_CLOCK: '1',
    SEATLEASE_RATE_LIMIT_PER_MINUTE: '100000',
    LOG_LEVEL: 'warn',
    PORT: String(ports.gateway),
    CONTRACT_SERVICE_PORT: String(ports.contract),
    BILLING_SERVICE_PORT: String(ports.billing),
    ASSESSMENT_SERVICE_PORT: String(ports.assessment),
    CONTRACT_SERVICE_URL: `http://127.0.0.1:${ports.contract}`,
    BILLING_SERVICE_URL: `http://127.0.0.1:${ports.billing}`,
    ASSESSMENT_SERVICE_URL: `http://127.0.0.1:${ports.assessment}`,
    ...extraEnv,
  };
  const children = new Map<ServiceName, ChildProcess>();
  const output: Record<string, Buffer[]> = {};
  const tails: Record<string, () => string> = {};
  const all: ChildProcess[] = [];
  const spawnService = async (name: ServiceName, more: Record<string, string> = {}) => {
    const childEnv = { ...env, ...more };
    const child = spawn(process.execPath, ['--import', 'tsx', resolve(root, ENTRY[name])], {
      env: childEnv,
      cwd: root,
      stdio: ['ignore', options.keepLogs ? 'pipe' : 'ignore', 'pipe'],
    });
    let err = '';
    const kept = (output[name] ??= []);
    let keptBytes = kept.reduce((n, b) => n + b.length, 0);
    const keep = (d: Buffer) => {
      if (!options.keepLogs || keptBytes + d.length > MAX_LOG_BYTES) return;
      keptBytes += d.length;
      kept.push(d);
    };
    child.stdout?.on('data', keep);
    child.stderr!.on('data', (d: Buffer) => {
      err = (err + d.toString()).slice(-4000);
      keep(d);
    });
    tails[name] = () => err;
    all.push(child);
    const portEnv: Record<ServiceName, string> = { gateway: 'PORT', 'contract-service': 'CONTRACT_SERVICE_PORT', 'billing-service': 'BILLING_SERVICE_PORT', 'assessment-service': 'ASSESSMENT_SERVICE_PORT' };
    const port = childEnv[portEnv[name]];
    await waitHealthy(`http://127.0.0.1:${port}`, child, () => err);
    const current = children.get(name);
    if (!current || current.exitCode !== null || current.signalCode !== null) children.set(name, child);
    return child;
  };
  const kill = async (child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((r) => {
      child.once('exit', () => r());
      child.kill(signal);
    });
  };
  await spawnService('contract-service');
  await spawnService('billing-service');
  await spawnService('assessment-service');
  await spawnService('gateway');
  const gatewayUrl = `http://127.0.0.1:${ports.gateway}`;
  const api = httpClient(gatewayUrl, () => ({ authorization: `Bearer ${ADMIN_TOKEN}` }));
  return {
    db,
    env,
    gatewayUrl,
    api,
    spawnService,
    kill,
    children,
    as: (token) => httpClient(gatewayUrl, () => ({ authorization: `Bearer ${token}` })),
    logs: () =>
      Object.fromEntries(
        Object.keys(tails).map((name) => [name, options.keepLogs ? Buffer.concat(output[name] ?? []).toString('utf8') : tails[name]!()]),
      ),
    advanceTo: async (iso) => {
      const res = await api('PUT', '/v1/clock', { now: iso });
      if (res.status !== 200) throw new Error(`PUT /v1/clock answered ${res.status}: ${res.text}`);
      return res.body;
    },
    close: async () => {
      await Promise.all(all.map((c) => kill(c, 'SIGTERM')));
      await db.drop();
    },
  };
}
