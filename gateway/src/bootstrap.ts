/**
 * Starts the gateway: migrates schema `gateway`, ensures the bootstrap staff key, and listens.
 * Used by main.ts (the process) and by tests (in-process, port 0).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Knex } from 'knex';
import { createKnex, migrate, purgeIdempotentRequests, type ServiceStartOptions } from '@seatlease/shared';
import { GATEWAY_MIGRATIONS } from './migrations/001-initial';
import { ApiKeyRepository } from './api-keys/api-key.repository';
import { ApiKeyAuthenticator } from './api-keys/authenticate-api-key';
import { SessionRepository } from './sessions/session.repository';
import { purgeExpiredSessions } from './sessions/purge-expired-sessions';
import { ensureAdminKey } from './api-keys/ensure-admin-key';
import { IdempotencyRepository } from './idempotency/idempotency.repository';
import { purgeExpiredIdempotencyKeys } from './idempotency/purge-expired-keys';
import { TestClockRepository } from './clock/test-clock.repository';
import { SerialQueue } from './clock/serial.queue';
import { HealthRepository } from './ops/health.repository';
import { UpstreamProxy } from './upstream/upstream.proxy';
import { upstreamHistogram } from './upstream/upstream.metrics';
import { HttpAgentDirectory, HttpBillingForContracts, HttpScheduler, HttpTenantDirectory } from './upstream/service.clients';
import { createGatewayApp } from './gateway.app';

export const GATEWAY_SCHEMA = 'gateway';
const PURGE_INTERVAL_MS = 60 * 60 * 1000;
/** In-flight requests get this long to finish when the gateway stops; then connections are cut. */
const SHUTDOWN_GRACE_MS = 5_000;

export interface StartGatewayOptions extends ServiceStartOptions {
  contractServiceUrl: string;
  billingServiceUrl: string;
  assessmentServiceUrl: string;
  /** false: every request through Express (the fast path off; tests compare the two). */
  fastPath?: boolean;
}

export interface RunningGateway {
  url: string;
  port: number;
  /** The generated bootstrap staff token, to print once; null when SEATLEASE_ADMIN_TOKEN was set or a staff key existed. */
  adminToken: string | null;
  close(): Promise<void>;
  knex: Knex;
}

export async function startGateway(opts: StartGatewayOptions): Promise<RunningGateway> {
  const { config, log, metrics } = opts;
  const knex = createKnex(opts.databaseUrl, GATEWAY_SCHEMA, { max: 20 });
  try {
    await migrate(knex, GATEWAY_SCHEMA, GATEWAY_MIGRATIONS);
    const keys = new ApiKeyRepository(knex);
    const adminToken = await ensureAdminKey(keys, config.SEATLEASE_ADMIN_TOKEN, log);
    const idempotency = new IdempotencyRepository(knex);
    const services = {
      'contract-service': stripSlash(opts.contractServiceUrl),
      'billing-service': stripSlash(opts.billingServiceUrl),
      'assessment-service': stripSlash(opts.assessmentServiceUrl),
    };
    const proxy = new UpstreamProxy({
      targets: services,
      internalToken: opts.internalToken,
      timeoutMs: config.SEATLEASE_UPSTREAM_TIMEOUT_MS,
      histogram: upstreamHistogram(metrics),
      log,
    });
    const sessions = new SessionRepository(knex);
    const gatewayApp = createGatewayApp({
      config,
      log,
      metrics,
      keys,
      authenticator: new ApiKeyAuthenticator(keys),
      sessions,
      idempotency,
      clock: new TestClockRepository(knex),
      clockQueue: new SerialQueue(),
      health: new HealthRepository(knex),
      proxy,
      tenants: new HttpTenantDirectory(services['contract-service'], opts.internalToken, config.SEATLEASE_UPSTREAM_TIMEOUT_MS),
      agents: new HttpAgentDirectory(services['assessment-service'], opts.internalToken, config.SEATLEASE_UPSTREAM_TIMEOUT_MS),
      scheduler: new HttpScheduler(services['billing-service'], opts.internalToken),
      billing: new HttpBillingForContracts(services['billing-service'], opts.internalToken, config.SEATLEASE_UPSTREAM_TIMEOUT_MS),
      services,
      fastPath: opts.fastPath,
    });

    const server = http.createServer(gatewayApp.listener);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const port = (server.address() as AddressInfo).port;

    const purge = () =>
      purgeExpiredIdempotencyKeys(idempotency, Date.now())
        .then(async (n) => n + (await purgeIdempotentRequests(knex, Date.now())))
        .then((n) => n > 0 && log.info({ purged: n }, 'purged expired idempotency keys'))
        .catch((err: unknown) => log.warn({ err }, 'could not purge expired idempotency keys'))
        .then(() => purgeExpiredSessions(sessions, Date.now()))
        .then((p) => p && p.removed > 0 && log.info({ removed: p.removed }, 'removed console sessions past their retention'))
        .catch((err: unknown) => log.warn({ err }, 'could not remove expired console sessions'));
    void purge();
    const purgeTimer = setInterval(purge, PURGE_INTERVAL_MS);
    purgeTimer.unref();

    let closing: Promise<void> | null = null;
    const close = () =>
      (closing ??= (async () => {
        clearInterval(purgeTimer);
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const force = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
        force.unref();
        await closed;
        clearTimeout(force);
        proxy.close();
        gatewayApp.close();
        await knex.destroy();
      })());

    log.info({ port }, 'gateway listening (the console at /console)');
    return { url: `http://127.0.0.1:${port}`, port, adminToken, close, knex };
  } catch (err) {
    await knex.destroy().catch(() => undefined);
    throw err;
  }
}

function stripSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
