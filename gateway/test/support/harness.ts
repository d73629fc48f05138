/**
 * Starts the gateway in-process on a fresh database, between two fake services, and offers a
 * small fetch helper. Each suite gets its own database and its own processes' worth of state.
 */
import { createLogger, createMetrics, loadConfig } from '@seatlease/shared';
import { freshDatabase, type TestDatabase } from '@seatlease/shared/test/support/testing';
import { startGateway, type RunningGateway } from '../../src/bootstrap';
import { FakeService } from './fake-service';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';
export const INTERNAL_TOKEN = 'test-internal-token-0123456789';
export const UPSTREAM_TIMEOUT_MS = 300;

export interface Harness {
  gateway: RunningGateway;
  contract: FakeService;
  billing: FakeService;
  assessment: FakeService;
  db: TestDatabase;
  /** Starts one more gateway on the same database (other settings, upstream URLs, or with its fast path off). */
  startAnother(env?: Record<string, string>, urls?: { contract?: string; billing?: string; assessment?: string }, options?: { fastPath?: boolean }): Promise<RunningGateway>;
  stop(): Promise<void>;
}

export function testConfig(env: Record<string, string> = {}) {
  return loadConfig({
    SEATLEASE_ADMIN_TOKEN: ADMIN_TOKEN,
    SEATLEASE_TEST_CLOCK: '1',
    SEATLEASE_UPSTREAM_TIMEOUT_MS: String(UPSTREAM_TIMEOUT_MS),
    SEATLEASE_RATE_LIMIT_PER_MINUTE: '100000',
    LOG_LEVEL: 'silent',
    ...env,
  });
}

export async function startHarness(label: string, env: Record<string, string> = {}): Promise<Harness> {
  const db = await freshDatabase(`gw_${label}`);
  const contract = await new FakeService('contract-service').start();
  const billing = await new FakeService('billing-service').start();
  const assessment = await new FakeService('assessment-service').start();
  const extra: RunningGateway[] = [];
  const launch = (e: Record<string, string>, urls: { contract?: string; billing?: string; assessment?: string } = {}, options: { fastPath?: boolean } = {}) => {
    const config = testConfig(e);
    return startGateway({
      config,
      log: createLogger('gateway', 'silent'),
      metrics: createMetrics('gateway'),
      internalToken: INTERNAL_TOKEN,
      databaseUrl: db.url,
      port: 0,
      contractServiceUrl: urls.contract ?? contract.url,
      billingServiceUrl: urls.billing ?? billing.url,
      assessmentServiceUrl: urls.assessment ?? assessment.url,
      fastPath: options.fastPath,
    });
  };
  const gateway = await launch(env);
  return {
    gateway,
    contract,
    billing,
    assessment,
    db,
    async startAnother(e = {}, urls = {}, options = {}) {
      const g = await launch({ ...env, ...e }, urls, options);
      extra.push(g);
      return g;
    },
    async stop() {
      await Promise.all([gateway.close(), ...extra.map((g) => g.close())]);
      await Promise.all([contract.stop(), billing.stop(), assessment.stop()]);
      await db.drop();
    },
  };
}

export interface CallOptions {
  token?: string | null;
  body?: unknown;
  rawBody?: string | Buffer;
  headers?: Record<string, string>;
}

export interface CallResult {
  status: number;
  headers: Headers;
  text: string;
  bytes: Buffer;
  json: any;
}

/** Calls the gateway; the token defaults to the admin token (`null` = none). */
export async function call(base: string, method: string, path: string, opts: CallOptions = {}): Promise<CallResult> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  const token = opts.token === undefined ? ADMIN_TOKEN : opts.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  let body: string | Buffer | undefined;
  if (opts.rawBody !== undefined) body = opts.rawBody;
  else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(`${base}${path}`, { method, headers, body, redirect: 'manual' });
  const bytes = Buffer.from(await res.arrayBuffer());
  const text = bytes.toString('utf8');
  let json: unknown = undefined;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, bytes, json };
}

export function expectProblem(res: CallResult, status: number): void {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${res.text}`);
  const type = res.headers.get('content-type') ?? '';
  if (!type.startsWith('application/problem+json')) throw new Error(`expected problem+json, got ${type}: ${res.text}`);
  if (res.json?.status !== status || typeof res.json?.title !== 'string' || typeof res.json?.detail !== 'string') {
    throw new Error(`not a problem document: ${res.text}`);
  }
}
