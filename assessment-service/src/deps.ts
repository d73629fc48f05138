import type { Knex } from 'knex';
import type { Actor, Clock, IdempotencyContext, Logger } from '@seatlease/shared';

/** Asks contract-service whether a tenant exists (STYLE habit 8: a port tests may swap). */
export interface TenantDirectory {
  tenantExists(tenantId: string, requestId: string): Promise<boolean>;
}

/** A stretch a seat was open in one shift, with the agent account that opened it (contract-service). */
export interface StaffedShift {
  contractId: string;
  seat: string;
  agentAccount: string;
  shiftDate: string;
  from: string;
  to: string;
}

/**
 * The seat shift log (contract-service) and the call records (billing-service), over their
 * `/internal` routes: who staffed which seat when, and the calls each stretch took.
 */
export interface SeatWorkSource {
  /** `nowMs`: the caller's now (a seat still open counts up to it). */
  staffedShifts(tenantId: string, month: string, requestId: string, nowMs: number): Promise<StaffedShift[]>;
  /** One count per shift, in order. */
  callCounts(shifts: readonly StaffedShift[], requestId: string): Promise<number[]>;
}

export interface Deps {
  knex: Knex;
  log: Logger;
  /** null when run alone (service tests): any tenant id is taken as given. */
  tenants: TenantDirectory | null;
  /** Asks the mail sender to look at the outbox now (after a mail was queued); no-op without one. */
  wakeMailer?: () => void;
  /** null when run alone, or without the other services: handled counts come from recorded workdays only. */
  seatWork?: SeatWorkSource | null;
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
