/**
 * Test support: one embedded PostgreSQL per test run (started by tests/src/run-all.ts, or
 * lazily here when a package's tests run alone), and a fresh database per suite.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createDatabase, dropDatabase, startEmbeddedPostgres } from '../../src/db';

/** Set by the test runner: the admin URL of the run's one PostgreSQL server. */
export const TEST_ADMIN_URL_ENV = 'SEATLEASE_TEST_ADMIN_URL';

let server: { url: string; stop(): Promise<void> } | null = null;
let serverPromise: Promise<string> | null = null;

export function testServerUrl(): Promise<string> {
  const fromEnv = process.env[TEST_ADMIN_URL_ENV] ?? process.env.DATABASE_URL;
  if (fromEnv) return Promise.resolve(fromEnv);
  if (!serverPromise) {
    serverPromise = (async () => {
      const dir = mkdtempSync(join(tmpdir(), 'seatlease-test-pg-'));
      const db = await startEmbeddedPostgres(dir, { persistent: false });
      server = {
        url: db.url,
        stop: async () => {
          await db.stop();
          rmSync(dir, { recursive: true, force: true });
        },
      };
      return db.url;
    })();
  }
  return serverPromise;
}

/** Stops the server this process started, if any (mocha root hook, see mocha-hooks.ts). */
export async function stopTestServer(): Promise<void> {
  if (server) await server.stop();
  server = null;
  serverPromise = null;
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A fresh, empty database on the run's server. */
export async function freshDatabase(label: string): Promise<TestDatabase> {
  const admin = await testServerUrl();
  const name = `t_${label.toLowerCase().replace(/[^a-z0-9]+/g, '_').slice(0, 30)}_${randomBytes(4).toString('hex')}`;
  const url = await createDatabase(admin, name);
  return { url, name, drop: () => dropDatabase(admin, name) };
}

export interface HttpResult<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** A tiny JSON client over real HTTP for tests. */
export function httpClient(baseUrl: string, defaultHeaders: () => Record<string, string> = () => ({})) {
  return async function call<T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<HttpResult<T>> {
    const h: Record<string, string> = { ...defaultHeaders(), ...headers };
    let payload: string | undefined;
    if (body !== undefined) {
      payload = typeof body === 'string' ? body : JSON.stringify(body);
      h['content-type'] ??= 'application/json';
    }
    const res = await fetch(`${baseUrl}${path}`, { method, headers: h, body: payload });
    const text = await res.text();
    let parsed: unknown = text;
    if ((res.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
    return { status: res.status, headers: res.headers, body: parsed as T, text };
  };
}

/** Configuration for in-process services under test. */
export function testEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    SEATLEASE_TEST_CLOCK: '1',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    SEATLEASE_INTERNAL_TOKEN: 'test-internal-token-0123456789',
    SEATLEASE_DATA_DIR: mkdtempSync(join(tmpdir(), 'seatlease-test-data-')),
    SEATLEASE_RATE_LIMIT_PER_MINUTE: '100000',
    ...extra,
  };
}
