import type { Knex } from 'knex';
import type { Actor, Clock, Config, IdempotencyContext, Logger, Metrics, ServiceClient } from '@seatlease/shared';
import type { CalendarStore } from './calendar/calendar.store';
import type { BackupSettings } from './backups/backup-settings';
import type { BillPartiesPort } from './facts/facts.client';
import type { FapiaoItem } from './fapiao/fapiao-lines';
import type { LineCode } from '@seatlease/shared';

export interface Deps {
  knex: Knex;
  log: Logger;
  metrics: Metrics;
  config: Config;
  /** contract-service: BillingFacts and status changes. */
  contracts: ServiceClient;
  calendar: CalendarStore;
  /** Tenants' invoicing profiles (开票信息), for bills and fapiao requests. */
  billParties: BillPartiesPort;
  /** The fapiao item (name, tax classification code) of each bill line code (SEATLEASE_FAPIAO_TAX_CODES). */
  fapiaoItems: (code: LineCode) => FapiaoItem;
  /** Wakes the mail sender after a mail is queued (no-op when there is none). */
  wakeMailer: () => void;
  /** Base backups and their health: set only on the embedded, archiving default (backup-settings.ts). */
  backups: BackupSettings | null;
}

export interface Caller {
  actor: Actor;
  clock: Clock;
  scopeTenantId: string | null;
  requestId: string;
  /** The request's Idempotency-Key, for a use case whose transaction runs in `exactlyOnce`. */
  once?: IdempotencyContext | null;
}
