import type { Knex } from 'knex';
import type { Actor, Clock, IdempotencyContext, Logger, ShiftTable } from '@seatlease/shared';

/**
 * What a use case may use. No billing client: contract-service answers nothing by asking billing
 * (decision 0062); only the incident notice relay posts to billing, from its outbox (decision 0046).
 */
export interface Deps {
  knex: Knex;
  log: Logger;
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
