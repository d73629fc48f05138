import type { Knex } from 'knex';
import type { Actor, Clock, IdempotencyContext, Logger, ServiceClient, ShiftTable } from '@seatlease/shared';

export interface Deps {
  knex: Knex;
  log: Logger;
  /** billing-service, for the opening invoice and the deposit held; null when run alone. */
  billing: ServiceClient | null;
  /** Relays the notices incidents owe to billing's mail; wake it after a commit that owes one. */
  incidentNotices: { wake(): void };
  /** The shift table of the seat log (SEATLEASE_SHIFTS). */
  shifts: ShiftTable;
}

/** Who is asking, when, and which tenant they are confined to (null = staff or scheduler). */
export interface Caller {
  actor: Actor;
  clock: Clock;
  scopeTenantId: string | null;
  requestId: string;
  /** The request's Idempotency-Key, for a use case whose transaction runs in `exactlyOnce`. */
  once?: IdempotencyContext | null;
}
