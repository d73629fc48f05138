import type { Knex } from 'knex';
import type { Actor, Clock, Logger, ServiceClient } from '@seatlease/shared';

export interface Deps {
  knex: Knex;
  log: Logger;
  /** billing-service, for the opening invoice and the deposit held; null when run alone. */
  billing: ServiceClient | null;
}

/** Who is asking, when, and which tenant they are confined to (null = staff or scheduler). */
export interface Caller {
  actor: Actor;
  clock: Clock;
  scopeTenantId: string | null;
  requestId: string;
}
