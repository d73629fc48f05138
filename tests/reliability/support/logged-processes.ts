/**
 * The three services as real child processes, like tests/src/processes.ts, but keeping ALL of
 * their stdout and stderr (the logs), for the leak scan. processes.ts discards stdout and keeps
 * only the tail of stderr, which is right for its tests and not enough here.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@seatlease/shared';
import { freshDatabase, httpClient, type TestDatabase } from '@seatlease/shared/src/testing';
import { ADMIN_TOKEN } from '../../src/system';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const ENTRY = {
  'contract-service': 'contract-service/src/main.ts',
  'billing-service': 'billing-service/src/main.ts',
  gateway: 'gateway/src/main.ts',
} as const;

/** Logs kept per process, at most this many bytes each (a limit on everything). */
const MAX_LOG_BYTES = 64 * 1024 * 1024;

export interface LoggedSystem {
  db: TestDatabase;
  env: Record<string, string>;
  gatewayUrl: string;
  api: ReturnType<typeof httpClient>;
  as(token: string): ReturnType<typeof httpClient>;
  advanceTo(iso: string): Promise<unknown>;
  /** Everything each process wrote so far, by service. */
  logs(): Record<string, string>;
  close(): Promise<void>;
}

export async function startLoggedProcesses(label: string, extraEnv: Record<string, string> = {}): Promise<LoggedSystem> {
  const db = await freshDatabase(label);
  const ports = { gateway: await freePort(), contract: await freePort(), billing: await freePort() };
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    DATABASE_URL: db.url,
    SEATLEASE_DATA_DIR: mkdtempSync(join(tmpdir(), 'seatlease-logged-')),
    SEATLEASE_ADMIN_TOKEN: ADMIN_TOKEN,
    SEATLEASE_TEST_CLOCK: '1',
    SEATLEASE_RATE_LIMIT_PER_MINUTE: '100000',
    LOG_LEVEL: 'debug',
    PORT: String(ports.gateway),
    CONTRACT_SERVICE_PORT: String(ports.contract),
    BILLING_SERVICE_PORT: String(ports.billing),
    CONTRACT_SERVICE_URL: `http://127.0.0.1:${ports.contract}`,
    BILLING_SERVICE_URL: `http://127.0.0.1:${ports.billing}`,
    ...extraEnv,
  };
  const output: Record<string, Buffer[]> = {};
  const children: ChildProcess[] = [];
  const start = async (name: keyof typeof ENTRY, port: string) => {
    const chunks: Buffer[] = (output[name] = []);
    let bytes = 0;
    const child = spawn(process.execPath, ['--import', 'tsx', resolve(root, ENTRY[name])], { env, cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (d: Buffer) => {
      if (bytes + d.length > MAX_LOG_BYTES) return;
      bytes += d.length;
      chunks.push(d);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    children.push(child);
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode}): ${Buffer.concat(chunks).toString().slice(-4000)}`);
      try {
        if ((await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(1000) })).ok) return;
      } catch {
        /* not yet */
      }
      if (Date.now() > deadline) throw new Error(`${name} not healthy in 60 s`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  await start('contract-service', env.CONTRACT_SERVICE_PORT!);
  await start('billing-service', env.BILLING_SERVICE_PORT!);
  await start('gateway', env.PORT!);
  const gatewayUrl = `http://127.0.0.1:${ports.gateway}`;
  const api = httpClient(gatewayUrl, () => ({ authorization: `Bearer ${ADMIN_TOKEN}` }));
  return {
    db,
    env,
    gatewayUrl,
    api,
    as: (token) => httpClient(gatewayUrl, () => ({ authorization: `Bearer ${token}` })),
    advanceTo: async (iso) => {
      const res = await api('PUT', '/v1/clock', { now: iso });
      if (res.status !== 200) throw new Error(`PUT /v1/clock answered ${res.status}: ${res.text}`);
      return res.body;
    },
    logs: () => Object.fromEntries(Object.entries(output).map(([k, v]) => [k, Buffer.concat(v).toString('utf8')])),
    close: async () => {
      await Promise.all(
        children.map(
          (c) =>
            new Promise<void>((r) => {
              if (c.exitCode !== null || c.signalCode !== null) return r();
              c.once('exit', () => r());
              c.kill('SIGTERM');
            }),
        ),
      );
      await db.drop();
    },
  };
}
