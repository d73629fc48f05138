import type { Knex } from 'knex';
import type { Actor, Clock, IdempotencyContext, Logger } from '@seatlease/shared';

/** Asks contract-service whether a tenant exists (STYLE habit 8: a port tests may swap). */
export interface TenantDirectory {
  tenantExists(tenantId: string, requestId: string): Promise<boolean>;
}

export interface Deps {
  knex: Knex;
  log: Logger;
  /** null when run alone (service tests): any tenant id is taken as given. */
  tenants: TenantDirectory | null;
  /** Asks the mail sender to look at the outbox now (after a mail was queued); no-op without one. */
  wakeMailer?: () => void;
}

/**
 * Who is asking and when. `scopeTenantId`: the one tenant a tenant role is confined to (null =
 * staff or scheduler); `agentId`: set for agent keys, which see their own records only.
 */
export interface Caller {
  actor: Actor;
  clock: Clock;
  scopeTenantId: string | null;
  agentId: string | null;
  requestId: string;
  /** The request's Idempotency-Key as the gateway passed it on (POST routes; shared/src/idempotency.ts). */
  once?: IdempotencyContext | null;
}
