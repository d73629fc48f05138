import type { Knex } from 'knex';
import {
  createKnex,
  createServiceApp,
  finishServiceApp,
  isDatabaseReady,
  listen,
  migrate,
  purgeIdempotentRequests,
  ServiceClient,
  type ServiceStartOptions,
} from '@seatlease/shared';
import { migrations } from './migrations/001-initial';
import { contractRoutes } from './routes';
import { IncidentNoticeRelay } from './incidents/incident-notice-relay';

export const SCHEMA = 'contract';

export interface ContractServiceOptions extends ServiceStartOptions {
  /** Where the incident notice relay posts (decision 0046); null = run without billing (service tests). */
  billingServiceUrl: string | null;
}

export interface RunningService {
  url: string;
  port: number;
  knex: Knex;
  close(): Promise<void>;
}

export async function startContractService(opts: ContractServiceOptions): Promise<RunningService> {
  const knex = createKnex(opts.databaseUrl, SCHEMA);
  await migrate(knex, SCHEMA, migrations);
  const billing = opts.billingServiceUrl
    ? new ServiceClient(opts.billingServiceUrl, opts.internalToken, opts.config.SEATLEASE_UPSTREAM_TIMEOUT_MS, 'billing-service')
    : null;
  const app = createServiceApp({
    name: 'contract-service',
    log: opts.log,
    metrics: opts.metrics,
    internalToken: opts.internalToken,
    testClock: opts.config.SEATLEASE_TEST_CLOCK,
    dropAfterCommit: opts.config.SEATLEASE_FAULT_DROP_AFTER_COMMIT,
    ready: () => isDatabaseReady(knex),
  });
  const relay = new IncidentNoticeRelay(knex, billing, opts.log);
  app.use(contractRoutes({ knex, log: opts.log, incidentNotices: relay, shifts: opts.config.SEATLEASE_SHIFTS }));
  finishServiceApp(app, opts.log);
  const http = await listen(app, opts.port, opts.config.SEATLEASE_LISTEN_HOST);
  relay.start();
  // Idempotency records older than 24 hours (shared/src/idempotency.ts), hourly, in bounded batches.
  const purge = () =>
    purgeIdempotentRequests(knex, Date.now()).catch((err: unknown) => opts.log.warn({ err }, 'could not purge expired idempotency records'));
  void purge();
  const purgeTimer = setInterval(purge, 60 * 60 * 1000);
  purgeTimer.unref();
  return {
    url: http.url,
    port: http.port,
    knex,
    close: async () => {
      clearInterval(purgeTimer);
      await http.close();
      await relay.stop();
      await knex.destroy();
    },
  };
}
