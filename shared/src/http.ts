/**
 * The Express shell every service shares: request ids, logging, metrics, health probes, the
 * internal credential (services refuse calls that do not come through the gateway or a sibling
 * service), JSON parsing with clear 4xx answers, the request clock, and problem+json errors.
 */
import { randomUUID, timingSafeEqual } from 'node:crypto';
import express, { type ErrorRequestHandler, type NextFunction, type Request, type Response } from 'express';
import { pinoHttp } from 'pino-http';
import { AppError, PROBLEM_CONTENT_TYPE, problemType } from './errors';
import { assert, InvariantError } from './assert';
import { TEST_NOW_HEADER, type Clock, systemClock } from './clock';
import type { Logger } from './logger';
import { httpMetricsMiddleware, type Metrics } from './metrics';
import { DROP_AFTER_COMMIT_LOCAL } from './idempotency';

export const INTERNAL_HEADER = 'x-seatlease-internal';
export const ACTOR_HEADER = 'x-seatlease-actor';
export const REQUEST_ID_HEADER = 'x-request-id';

/** Every role an API key can hold (API.md "Auth"; the seed's supervisors and agents added). */
export const ROLES = ['staff', 'tenant_finance', 'tenant_supervisor', 'agent', 'scheduler'] as const;
export type Role = (typeof ROLES)[number];

/** Roles confined to exactly one tenant: their keys carry a tenantId and see nothing else. */
export const TENANT_ROLES: readonly Role[] = ['tenant_finance', 'tenant_supervisor', 'agent'];

export function isTenantRole(role: Role): boolean {
  return TENANT_ROLES.includes(role);
}

export interface Actor {
  keyId: string;
  role: Role;
  /** Set for the tenant roles (TENANT_ROLES): the only tenant whose objects it may see. */
  tenantId: string | null;
  /** Set for `agent` keys only: the agent the key belongs to (an agent reads its own records). */
  agentId?: string | null;
  name: string;
}

export const SYSTEM_ACTOR: Actor = { keyId: 'system', role: 'scheduler', tenantId: null, name: 'system' };

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      requestId: string;
      clock: Clock;
      actor: Actor;
    }
  }
}

/**
 * This process's instance id (`SEATLEASE_INSTANCE_ID`, set by `npm start` for each child), shown
 * by /healthz: a starter checks that the process answering is the one it started, not another
 * copy already on that port.
 */
export function instanceId(): string | undefined {
  return process.env.SEATLEASE_INSTANCE_ID || undefined;
}

export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

export function sendProblem(res: Response, error: AppError, headers: Record<string, string> = {}): void {
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.status(error.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(error.toProblem()));
}

/** Maps anything thrown to problem+json. AppErrors are 4xx by design; anything else is a bug. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (res.headersSent) return;
    if (err instanceof AppError) return sendProblem(res, err);
    const e = err as { type?: string; status?: number; expose?: boolean; message?: string };
    if (e?.type === 'entity.parse.failed') {
      return sendProblem(res, new AppError('validation', 'the body is not valid JSON', [{ path: '(body)', message: 'malformed JSON' }]));
    }
    if (e?.type === 'entity.too.large') {
      return sendProblem(res, new AppError('too_large', 'the body is larger than 1 MB'));
    }
    if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported') {
      return sendProblem(res, new AppError('validation', e.message ?? 'unsupported encoding'));
    }
    if (isDatabaseUnavailable(err)) {
      log.warn({ err: String(err), requestId: req.requestId }, 'database unavailable');
      return sendProblem(res, new AppError('unavailable', 'the database is unavailable; retry shortly'), { 'retry-after': '2' });
    }
    const level = err instanceof InvariantError ? 'fatal' : 'error';
    log[level]({ err, requestId: req.requestId, path: req.path }, 'unhandled error');
    res
      .status(500)
      .type(PROBLEM_CONTENT_TYPE)
      .send(
        JSON.stringify({
          type: problemType('internal'),
          title: 'Internal error',
          status: 500,
          detail: `an internal error occurred; quote request id ${req.requestId}`,
        }),
      );
  };
}

/**
 * The database is down or restarting (connection refused or lost, shutting down, pool
 * exhausted): a 503 the caller may retry, not a 500 — nothing was committed.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  const e = err as { code?: string; message?: string; name?: string };
  if (!e) return false;
  const codes = ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08006', '53300'];
  if (e.code && codes.includes(e.code)) return true;
  const msg = e.message ?? '';
  return (
    e.name === 'KnexTimeoutError' ||
    /Connection terminated|connection is closed|Client has encountered a connection error|terminating connection|the database system is (starting up|shutting down)/i.test(msg)
  );
}

export interface ServiceAppOptions {
  name: string;
  log: Logger;
  metrics: Metrics;
  internalToken: string;
  testClock: boolean;
  /** Test mode only (reliability test 12): this many committed keyed requests drop their connection instead of answering. */
  dropAfterCommit?: number;
  /** Answers whether the service can do its work (database reachable, ...). */
  ready: () => Promise<boolean>;
  /** Paths under which requests need no internal credential (e.g. Stripe webhooks). */
  publicPaths?: string[];
  /** Raw-body routes mounted before the JSON parser (e.g. CSV uploads, webhooks). */
  beforeJson?: (app: express.Express) => void;
}

export function requestClock(req: Request, testClock: boolean): Clock {
  if (testClock) {
    const header = req.header(TEST_NOW_HEADER);
    if (header) {
      const ms = Date.parse(header);
      if (Number.isFinite(ms)) return { nowMs: () => ms };
    }
  }
  return systemClock;
}

export function createServiceApp(opts: ServiceAppOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  if (opts.dropAfterCommit) {
    assert(opts.testClock, 'the drop-after-commit fault hook exists only with the test clock on');
    app.locals[DROP_AFTER_COMMIT_LOCAL] = { left: opts.dropAfterCommit };
  }
  app.use((req, res, next) => {
    const incoming = req.header(REQUEST_ID_HEADER);
    req.requestId = incoming && incoming.length <= 128 ? incoming : randomUUID();
    res.setHeader(REQUEST_ID_HEADER, req.requestId);
    next();
  });
  app.use(
    pinoHttp({
      logger: opts.log,
      genReqId: (req) => (req as Request).requestId,
      autoLogging: { ignore: (req) => ['/healthz', '/readyz', '/metrics'].includes(req.url ?? '') },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
    }),
  );
  app.use(httpMetricsMiddleware(opts.metrics));
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', service: opts.name, instance: instanceId() });
  });
  app.get('/readyz', async (_req, res) => {
    const ok = await opts.ready().catch(() => false);
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'not_ready', service: opts.name });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(opts.metrics.registry.contentType).send(await opts.metrics.registry.metrics());
  });
  app.use((req, res, next) => {
    const isPublic = (opts.publicPaths ?? []).some((p) => req.path.startsWith(p));
    const token = req.header(INTERNAL_HEADER);
    if (!isPublic && (!token || !safeEqual(token, opts.internalToken))) {
      return sendProblem(res, new AppError('unauthorized', 'this service answers only the gateway and its sibling services'));
    }
    req.clock = requestClock(req, opts.testClock);
    const actorHeader = req.header(ACTOR_HEADER);
    req.actor = SYSTEM_ACTOR;
    if (actorHeader && !isPublic) {
      try {
        req.actor = JSON.parse(actorHeader) as Actor;
      } catch {
        return sendProblem(res, new AppError('validation', 'malformed actor header'));
      }
    }
    next();
  });
  opts.beforeJson?.(app);
  app.use(express.json({ limit: '1mb', strict: false }));
  return app;
}

/** Closes a service app: the 404 for unknown routes and the error handler. */
export function finishServiceApp(app: express.Express, log: Logger): void {
  app.use((req, res) => sendProblem(res, new AppError('not_found', `no route for ${req.method} ${req.path}`)));
  app.use(errorHandler(log));
}

/** The tenant a tenant-role caller (TENANT_ROLES) is confined to, or null for staff and scheduler. */
export function tenantScope(req: Request): string | null {
  return isTenantRole(req.actor.role) ? req.actor.tenantId ?? '00000000-0000-0000-0000-000000000000' : null;
}

export interface Listening {
  server: import('node:http').Server;
  port: number;
  url: string;
  close(): Promise<void>;
}

/** Listens on loopback (port 0 = any free port) and closes cleanly, keep-alive sockets included. */
export async function listen(app: express.Express, port: number, host = '127.0.0.1'): Promise<Listening> {
  const server = app.listen(port, host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  server.keepAliveTimeout = 65_000;
  const actual = (server.address() as import('node:net').AddressInfo).port;
  const reachableHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return {
    server,
    port: actual,
    url: `http://${reachableHost}:${actual}`,
    close: async () => {
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeIdleConnections();
      setTimeout(() => server.closeAllConnections(), 2_000).unref();
      await closed;
    },
  };
}
