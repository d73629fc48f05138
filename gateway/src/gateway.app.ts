/**
 * The gateway's request handling: the only public door. Every route-table row gets one handler
 * chain: who is calling → rate limit → may they → read the body → Idempotency-Key → answer
 * here or forward to the service. Anything else is a 404.
 *
 * Two paths share the route matcher, the key cache and the rate limiter: forwarded GET/HEAD
 * requests take the fast path (http/fast-path.ts, plain node:http, the same checks in the same
 * order); everything else goes through the Express app built here.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { AppError, assert, errorHandler, type Actor, httpMetricsMiddleware, sendProblem, type Config, type Logger, type Metrics } from '@seatlease/shared';
import './http/gateway-request';
import { ROUTES, type LocalOperation, type RouteSpec } from './routing/route.table';
import { RouteMatcher } from './routing/route.matcher';
import { requestIdMiddleware } from './http/request-id.middleware';
import { accessLog } from './http/access-log.middleware';
import { securityHeaders } from './http/security.middleware';
import { RateLimiter, rateLimitMiddleware } from './http/rate-limit.middleware';
import { createFastPath } from './http/fast-path';
import { requireAccess, resolveCredential } from './http/auth.middleware';
import { CSV_STREAM_LIMIT_BYTES, readBody } from './http/body.middleware';
import { idempotencyMiddleware } from './idempotency/idempotency.middleware';
import type { IdempotencyRepository } from './idempotency/idempotency.repository';
import type { ApiKeyRepository } from './api-keys/api-key.repository';
import type { ApiKeyAuthenticator } from './api-keys/authenticate-api-key';
import { apiKeysController } from './api-keys/api-keys.controller';
import type { SessionRepository } from './sessions/session.repository';
import { SessionAuthenticator } from './sessions/authenticate-session';
import { sessionsController } from './sessions/sessions.controller';
import { CONSOLE_PATH, consoleStatic } from './console/console.static';
import type { TestClockRepository } from './clock/test-clock.repository';
import { clockController } from './clock/clock.controller';
import type { SerialQueue } from './clock/serial.queue';
import { opsController } from './ops/ops.controller';
import type { HealthRepository } from './ops/health.repository';
import { DOCS_PATH, docsController } from './ops/docs.controller';
import { openApiDocument } from './openapi';
import { problemDocsController } from './ops/problem-docs';
import { clauseDocsController } from './ops/clause-docs';
import type { UpstreamName, UpstreamProxy } from './upstream/upstream.proxy';
import type { AgentDirectory, BillingForContracts, Scheduler, TenantDirectory } from './upstream/service.ports';
import { composeAnswer } from './compose/contract-answers';

export interface GatewayAppDeps {
  config: Config;
  log: Logger;
  metrics: Metrics;
  keys: ApiKeyRepository;
  authenticator: ApiKeyAuthenticator;
  /** Console sessions (cookie sign-in). */
  sessions: SessionRepository;
  /** Where the console's built files are (default: <repo>/console/dist). */
  consoleDir?: string;
  idempotency: IdempotencyRepository;
  clock: TestClockRepository;
  clockQueue: SerialQueue;
  health: HealthRepository;
  proxy: UpstreamProxy;
  tenants: TenantDirectory;
  agents: AgentDirectory;
  scheduler: Scheduler;
  /** What contract answers need from billing-service (route table `compose`, decision 0062). */
  billing: BillingForContracts;
  services: Record<UpstreamName, string>;
  /** Forwarded GET/HEAD requests bypass Express (default true; false = everything through Express, for comparison). */
  fastPath?: boolean;
}

export interface GatewayApp {
  /** The request listener for node:http: the fast path, else Express. */
  listener: (req: IncomingMessage, res: ServerResponse) => void;
  express: express.Express;
  close(): void;
}

interface RoutePlan {
  handlers: RequestHandler[];
  /** Forwarded to a service (not answered by the gateway itself). */
  forwarded: boolean;
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function createGatewayApp(deps: GatewayAppDeps): GatewayApp {
  const { config, log, metrics } = deps;
  const testClock = config.SEATLEASE_TEST_CLOCK;
  /** The system's test clock, passed to the services with every request in test mode. */
  const testNowMs = async (): Promise<number | undefined> => (testClock ? deps.clock.read(Date.now()) : undefined);

  const apiKeys = apiKeysController({ keys: deps.keys, authenticator: deps.authenticator, tenants: deps.tenants, agents: deps.agents, testNowMs });
  const clock = clockController({ clock: deps.clock, scheduler: deps.scheduler, queue: deps.clockQueue, log });
  const ops = opsController({ health: deps.health, metrics, services: deps.services });
  const docs = docsController(openApiDocument);
  const sessionAuth = new SessionAuthenticator(deps.sessions);
  const sessions = sessionsController({ authenticator: deps.authenticator, sessions: deps.sessions });
  const problems = problemDocsController();
  const local: Record<LocalOperation, RequestHandler> = {
    healthz: ops.healthz,
    readyz: ops.readyz,
    metrics: ops.metrics,
    docs: docs.page,
    openapi: docs.openapi,
    problemIndex: problems.index,
    clauses: clauseDocsController(),
    problemPage: problems.kind,
    createApiKey: apiKeys.create,
    listApiKeys: apiKeys.list,
    revokeApiKey: apiKeys.revoke,
    createSession: sessions.create,
    readSession: sessions.read,
    endSession: sessions.end,
    readClock: clock.read,
    advanceClock: clock.advance,
  };

  const credential = resolveCredential(deps.authenticator, sessionAuth);
  const rateLimits = new RateLimiter(config.SEATLEASE_RATE_LIMIT_PER_MINUTE, metrics);
  const limiter = rateLimitMiddleware(rateLimits);
  const idempotency = idempotencyMiddleware({ repo: deps.idempotency, log, metrics, upstreamTimeoutMs: config.SEATLEASE_UPSTREAM_TIMEOUT_MS });

  /** For a route whose answer needs billing's part (route table `compose`, decision 0062). */
  const composer = (route: RouteSpec, requestId: string, nowMs: number | undefined, actor: Actor | undefined) => {
    const kind = route.compose;
    if (!kind) return undefined;
    return (body: Buffer) => composeAnswer(body, kind, deps.billing, { requestId, nowMs, actor }, log);
  };

  const forwardTo = (route: RouteSpec): RequestHandler => {
    const service = route.service as UpstreamName;
    return async (req: Request, res: Response) => {
      const nowMs = await testNowMs();
      deps.proxy.forward(req, res, {
        service,
        requestId: req.requestId,
        url: req.originalUrl,
        body: !req.streamBody && Buffer.isBuffer(req.body) ? req.body : undefined,
        stream: req.streamBody
          ? {
              limitBytes: CSV_STREAM_LIMIT_BYTES,
              onHashed: (hex) => {
                req.streamedBodyHash = hex;
              },
            }
          : undefined,
        actorHeader: req.apiKey?.actorHeader,
        nowMs,
        extraHeaders: route.forwardHeaders,
        compose: composer(route, req.requestId, nowMs, req.apiKey?.actor),
        completeWithoutClient: req.idempotencyRecording === true,
        idempotency:
          req.idempotency && req.idempotency.requestHash !== null
            ? { scope: req.idempotency.scope, key: req.idempotency.key, requestHash: req.idempotency.requestHash }
            : undefined,
      });
    };
  };

  const chain = (route: RouteSpec): RequestHandler[] => {
    const handlers: RequestHandler[] = [];
    if (route.access !== 'public') handlers.push(credential);
    if (!route.probe) handlers.push(limiter);
    if (route.access !== 'public') handlers.push(requireAccess(route));
    if (BODY_METHODS.has(route.method)) handlers.push(readBody(route));
    if (route.method === 'POST') handlers.push(idempotency);
    if (route.service === 'gateway') {
      assert(route.operation !== undefined, `route ${route.method} ${route.path} is served by the gateway but names no operation`);
      handlers.push(local[route.operation]);
    } else {
      handlers.push(forwardTo(route));
    }
    return handlers;
  };

  const matcher = new RouteMatcher<RoutePlan>();
  for (const route of ROUTES) {
    // Without SEATLEASE_TEST_CLOCK the clock routes do not exist: 404 like any unknown route.
    if (route.testClockOnly && !testClock) continue;
    matcher.add(route, { handlers: chain(route), forwarded: route.service !== 'gateway' });
  }

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(requestIdMiddleware);
  app.use(accessLog(log));
  app.use(httpMetricsMiddleware(metrics));
  app.use(securityHeaders());

  app.use((req: Request, res: Response, next: NextFunction) => {
    const found = matcher.match(req.method, req.path);
    if (!found) return next();
    req.gatewayRoute = found.route;
    req.params = found.params;
    // The shared httpMetricsMiddleware labels a request with `req.route.path`: the route pattern.
    (req as { route?: unknown }).route = { path: found.route.path };
    runChain(found.payload.handlers, req, res, next);
  });
  app.use(DOCS_PATH, ...docs.assets);
  app.use(CONSOLE_PATH, consoleStatic(deps.consoleDir, { stripe: Boolean(deps.config.STRIPE_PUBLISHABLE_KEY) }));
  app.use((req: Request, res: Response) => {
    // The path exists but not with this method: 405 with Allow (RFC 9110 §15.5.6), not a 404.
    const methods = matcher.methodsFor(req.path);
    if (methods.length) {
      const allow = methods.includes('GET') ? [...methods, 'HEAD'] : methods;
      return sendProblem(res, new AppError('method_not_allowed', `${req.path} answers ${allow.join(', ')}, not ${req.method}`), { allow: allow.join(', ') });
    }
    sendProblem(res, new AppError('not_found', `no route for ${req.method} ${req.path}`));
  });
  app.use(errorHandler(log));

  if (deps.fastPath === false) return { listener: app, express: app, close: () => rateLimits.close() };
  const fast = createFastPath({ matcher, authenticator: deps.authenticator, sessions: sessionAuth, limiter: rateLimits, proxy: deps.proxy, metrics, log, testNowMs, testClock, composer });
  return {
    listener: (req, res) => {
      if (!fast(req, res)) app(req, res);
    },
    express: app,
    close: () => rateLimits.close(),
  };
}

/** Runs a handler chain like an Express route: async handlers' rejections go to the error handler. */
function runChain(handlers: readonly RequestHandler[], req: Request, res: Response, done: NextFunction): void {
  let index = 0;
  const next: NextFunction = (err?: unknown) => {
    if (err !== undefined && err !== null) return done(err);
    const handler = handlers[index++];
    if (!handler) return done();
    try {
      const result = handler(req, res, next) as unknown;
      if (result instanceof Promise) result.catch(done);
    } catch (e) {
      done(e);
    }
  };
  next();
}
