/**
 * What the gateway's own use cases ask of the services, as small interfaces (STYLE habit 8):
 * the real implementations call the services over HTTP; tests may swap them.
 */
import type { Actor } from '@seatlease/shared';

export interface CallContext {
  requestId: string;
  /** Epoch ms of the test clock, when it is on. */
  nowMs?: number;
  /** The caller, passed on to a service that records who asked (absent: the gateway itself). */
  actor?: Actor;
}

export interface TenantDirectory {
  /** Whether contract-service knows the tenant. Throws AppError upstream/timeout when it cannot tell. */
  tenantExists(tenantId: string, ctx: CallContext): Promise<boolean>;
}

/** Where an agent works, asked of assessment-service before an agent key is issued. */
export interface AgentDirectory {
  /** The agent's tenant, or null when assessment-service knows no such agent. Throws AppError upstream/timeout when it cannot tell. */
  agentTenant(agentId: string, ctx: CallContext): Promise<string | null>;
}

/** What contract answers need from billing-service (compose/contract-answers.ts, decision 0062). Each throws AppError upstream/timeout when billing cannot answer. */
export interface BillingForContracts {
  /** Fen held per contract id (0 when nothing is held). */
  depositsHeld(contractIds: readonly string[], ctx: CallContext): Promise<Map<string, number>>;
  /** The contract's opening invoice, issued now or already (idempotent). */
  openingInvoice(contractId: string, ctx: CallContext): Promise<unknown>;
  /** Corrects by credit note what a voided record had billed, once the contract has had its final bill (idempotent). */
  correctVoid(contractId: string, ctx: CallContext): Promise<void>;
}

export interface JobRun {
  job: string;
  at: string;
  result: unknown;
}

export interface Scheduler {
  /**
   * Runs every job due in [from, to] in time order (a slot at `from` only if it is not done yet);
   * `completed: false` when one failed or is still being worked. null when billing has no such
   * endpoint yet.
   */
  advance(fromMs: number, toMs: number, ctx: CallContext): Promise<{ jobsRun: JobRun[]; completed: boolean } | null>;
}

/** The gateway's own identity when it asks contract-service something for itself. */
export const GATEWAY_SYSTEM_ACTOR: Actor = { keyId: 'gateway', role: 'staff', tenantId: null, name: 'gateway' };
