import { writeInvoiceIssuedMail } from './mail/invoice-mail';
import type { Knex } from 'knex';
import {
  createKnex,
  createServiceApp,
  finishServiceApp,
  isDatabaseReady,
  listen,
  migrate,
  ServiceClient,
  type ServiceStartOptions,
} from '@seatlease/shared';
import { migrations } from './migrations/001-initial';
import { CalendarStore } from './calendar/calendar.store';
import { Scheduler } from './scheduler/scheduler';
import { MailSender } from './mail/sender';
import { createMailTransport } from './mail/transport';
import { renderMailAttachment } from './documents/invoice-document';
import type { Deps } from './deps';
import { serviceRouters } from './routers';
import { detectBackups } from './backups/backup-settings';
import { checkBackupHealth, registerBackupMetrics } from './backups/backup-health';
import { runNightlyBackup } from './backups/nightly-backup';
import { listBaseBackups } from '@seatlease/shared/src/backup';

/** How often backup health is checked for staff alerts (real time). */
const BACKUP_HEALTH_INTERVAL_MS = 5 * 60_000;
import { billPartiesFrom } from './facts/facts.client';
import { fapiaoItems } from './fapiao/fapiao-items';

export const SCHEMA = 'billing';

export interface BillingServiceOptions extends ServiceStartOptions {
  contractServiceUrl: string;
  /** Real-time scheduling (node-cron); off in tests and under the test clock. */
  runScheduler?: boolean;
  /** The outbox sender; on by default. */
  runMailer?: boolean;
}

export interface RunningBilling {
  url: string;
  port: number;
  knex: Knex;
  deps: Deps;
  scheduler: Scheduler;
  mailer: MailSender | null;
  close(): Promise<void>;
}

export async function startBillingService(opts: BillingServiceOptions): Promise<RunningBilling> {
  const knex = createKnex(opts.databaseUrl, SCHEMA, { max: 20 });
  await migrate(knex, SCHEMA, migrations);
  const contracts = new ServiceClient(opts.contractServiceUrl, opts.internalToken, opts.config.SEATLEASE_UPSTREAM_TIMEOUT_MS, 'contract-service');
  let mailer: MailSender | null = null;
  const deps: Deps = {
    knex,
    log: opts.log,
    metrics: opts.metrics,
    config: opts.config,
    contracts,
    calendar: new CalendarStore(knex, opts.log),
    billParties: billPartiesFrom(contracts),
    fapiaoItems: fapiaoItems(opts.config),
    wakeMailer: () => mailer?.wake(),
    backups: await detectBackups(opts.config, opts.databaseUrl),
  };
  if (opts.runMailer ?? true) {
    mailer = new MailSender({
      knex,
      transport: createMailTransport(opts.config, opts.log),
      log: opts.log,
      from: opts.config.SEATLEASE_MAIL_FROM,
      staffEmail: opts.config.SEATLEASE_STAFF_EMAIL,
      renderAttachment: (row) => renderMailAttachment(knex, opts.config, row, deps.billParties),
      writeInvoiceMail: (invoiceId) => writeInvoiceIssuedMail(knex, invoiceId),
      metrics: opts.metrics,
    });
    mailer.start();
  }
  const scheduler = new Scheduler(deps);
  let backupHealth: NodeJS.Timeout | null = null;
  let firstBackup: Promise<unknown> = Promise.resolve();
  if (deps.backups) {
    const settings = deps.backups;
    registerBackupMetrics(deps, settings);
    opts.log.info({ backupDir: settings.backupDir }, 'WAL archiving and nightly base backups on');
    // An archive without a base backup restores nothing: the first one is taken at once.
    if (listBaseBackups(settings.backupDir).length === 0) {
      firstBackup = runNightlyBackup(deps).catch((err) => opts.log.error({ err }, 'first base backup failed; the nightly job retries'));
    }
    backupHealth = setInterval(() => {
      checkBackupHealth(deps, settings).catch((err) => opts.log.error({ err }, 'backup health check failed'));
    }, BACKUP_HEALTH_INTERVAL_MS);
    backupHealth.unref();
  }
  const routers = serviceRouters(deps, scheduler);
  const app = createServiceApp({
    name: 'billing-service',
    log: opts.log,
    metrics: opts.metrics,
    internalToken: opts.internalToken,
    testClock: opts.config.SEATLEASE_TEST_CLOCK,
    dropAfterCommit: opts.config.SEATLEASE_FAULT_DROP_AFTER_COMMIT,
    ready: () => isDatabaseReady(knex),
    publicPaths: ['/v1/webhooks/stripe'],
    beforeJson: (a) => {
      for (const router of routers.beforeJson) a.use(router);
    },
  });
  for (const router of routers.routes) app.use(router);
  finishServiceApp(app, opts.log);
  if ((opts.runScheduler ?? false) && !opts.config.SEATLEASE_TEST_CLOCK) scheduler.start();
  const http = await listen(app, opts.port, opts.config.SEATLEASE_LISTEN_HOST);
  return {
    url: http.url,
    port: http.port,
    knex,
    deps,
    scheduler,
    mailer,
    close: async () => {
      await http.close();
      if (backupHealth) clearInterval(backupHealth);
      await firstBackup;
      await scheduler.stop();
      await mailer?.stop();
      await knex.destroy();
    },
  };
}
