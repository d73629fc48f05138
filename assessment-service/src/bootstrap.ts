import type { Knex } from 'knex';
import {
  AppError,
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
import { assessmentRoutes } from './routes';
import { OutboxSender } from '@seatlease/shared/src/mail/outbox-sender';
import { createMailTransport } from '@seatlease/shared/src/mail/transport';
import type { TenantDirectory } from './deps';
import { httpSeatWork } from './workload/seat-work.client';
import { composeAssessmentMail } from './mail/compose-mail';
import type { AssessmentOutboxRow } from './mail/outbox.repository';

export const SCHEMA = 'assessment';

export interface AssessmentServiceOptions extends ServiceStartOptions {
  /** contract-service, asked whether a tenant exists; null = run alone (service tests). */
  contractServiceUrl: string | null;
  /** billing-service, asked for the calls of the seats an agent staffed; null = handled counts from recorded workdays only. */
  billingServiceUrl?: string | null;
  /** The scorecard mail sender (shared/src/mail/outbox-sender.ts); on by default. */
  runMailer?: boolean;
}

export interface RunningAssessment {
  url: string;
  port: number;
  knex: Knex;
  mailer: OutboxSender<AssessmentOutboxRow> | null;
  close(): Promise<void>;
}

/** contract-service over HTTP: does this tenant exist? */
function httpTenantDirectory(client: ServiceClient): TenantDirectory {
  return {
    async tenantExists(tenantId, requestId) {
      const res = await client.call('GET', `/v1/tenants/${encodeURIComponent(tenantId)}`, undefined, {
        requestId,
        actor: { keyId: 'assessment-service', role: 'staff', tenantId: null, name: 'assessment-service' },
      });
      if (res.status === 200) return true;
      if (res.status === 404) return false;
      throw new AppError('upstream', `contract-service answered ${res.status} when asked for tenant ${tenantId}`);
    },
  };
}

export async function startAssessmentService(opts: AssessmentServiceOptions): Promise<RunningAssessment> {
  const knex = createKnex(opts.databaseUrl, SCHEMA);
  await migrate(knex, SCHEMA, migrations);
  const contracts = opts.contractServiceUrl ? new ServiceClient(opts.contractServiceUrl, opts.internalToken, opts.config.SEATLEASE_UPSTREAM_TIMEOUT_MS, 'contract-service') : null;
  const billing = opts.billingServiceUrl ? new ServiceClient(opts.billingServiceUrl, opts.internalToken, opts.config.SEATLEASE_UPSTREAM_TIMEOUT_MS, 'billing-service') : null;
  const tenants = contracts ? httpTenantDirectory(contracts) : null;
  const seatWork = contracts && billing ? httpSeatWork(contracts, billing) : null;
  const app = createServiceApp({
    name: 'assessment-service',
    log: opts.log,
    metrics: opts.metrics,
    internalToken: opts.internalToken,
    testClock: opts.config.SEATLEASE_TEST_CLOCK,
    dropAfterCommit: opts.config.SEATLEASE_FAULT_DROP_AFTER_COMMIT,
    ready: () => isDatabaseReady(knex),
  });
  // Scorecard mails: this service's own outbox, delivered by the shared sender, once across replicas
  // (each row is locked by one sender at a time) and retried with backoff while SMTP is down.
  const transport = opts.runMailer ?? true ? createMailTransport(opts.config, opts.log) : null;
  const mailer =
    transport
      ? new OutboxSender<AssessmentOutboxRow>({
          knex,
          transport,
          log: opts.log,
          from: opts.config.SEATLEASE_ASSESSMENT_MAIL_FROM,
          compose: composeAssessmentMail(knex),
          metrics: opts.metrics,
        })
      : null;
  mailer?.start();
  app.use(assessmentRoutes({ knex, log: opts.log, tenants, seatWork, wakeMailer: () => mailer?.wake() }));
  finishServiceApp(app, opts.log);
  const http = await listen(app, opts.port, opts.config.SEATLEASE_LISTEN_HOST);
  // Idempotency records older than 24 hours (shared/src/idempotency.ts), hourly, in bounded batches.
  const purge = () => purgeIdempotentRequests(knex, Date.now()).catch((err: unknown) => opts.log.warn({ err }, 'could not purge expired idempotency records'));
  void purge();
  const purgeTimer = setInterval(purge, 60 * 60 * 1000);
  purgeTimer.unref();
  return {
    url: http.url,
    port: http.port,
    knex,
    mailer,
    close: async () => {
      clearInterval(purgeTimer);
      await http.close();
      await mailer?.stop();
      transport?.close();
      await knex.destroy();
    },
  };
}
