/** HTTP implementations of the service ports, over the shared ServiceClient. */
import { AppError, ServiceClient } from '@seatlease/shared';
import { shanghaiInstant } from '../clock/instant.format';
import { GATEWAY_SYSTEM_ACTOR, type AgentDirectory, type BillingForContracts, type CallContext, type JobRun, type Scheduler, type TenantDirectory } from './service.ports';

export class HttpTenantDirectory implements TenantDirectory {
  private readonly client: ServiceClient;

  constructor(baseUrl: string, internalToken: string, timeoutMs: number) {
    this.client = new ServiceClient(baseUrl, internalToken, timeoutMs, 'contract-service');
  }

  async tenantExists(tenantId: string, ctx: CallContext): Promise<boolean> {
    const res = await this.client.call('GET', `/v1/tenants/${encodeURIComponent(tenantId)}`, undefined, {
      requestId: ctx.requestId,
      actor: GATEWAY_SYSTEM_ACTOR,
      nowMs: ctx.nowMs,
    });
    if (res.status === 200) return true;
    if (res.status === 404) return false;
    throw new AppError('upstream', `contract-service answered ${res.status} when asked for tenant ${tenantId}`);
  }
}

export class HttpAgentDirectory implements AgentDirectory {
  private readonly client: ServiceClient;

  constructor(baseUrl: string, internalToken: string, timeoutMs: number) {
    this.client = new ServiceClient(baseUrl, internalToken, timeoutMs, 'assessment-service');
  }

  async agentTenant(agentId: string, ctx: CallContext): Promise<string | null> {
    const res = await this.client.call<{ tenantId?: string }>('GET', `/internal/agents/${encodeURIComponent(agentId)}`, undefined, {
      requestId: ctx.requestId,
      actor: GATEWAY_SYSTEM_ACTOR,
      nowMs: ctx.nowMs,
    });
    if (res.status === 200 && typeof res.body?.tenantId === 'string') return res.body.tenantId;
    if (res.status === 404) return null;
    throw new AppError('upstream', `assessment-service answered ${res.status} when asked for agent ${agentId}`);
  }
}

/** billing-service's /internal routes that contract answers need (decision 0062). */
export class HttpBillingForContracts implements BillingForContracts {
  private readonly client: ServiceClient;

  constructor(baseUrl: string, internalToken: string, timeoutMs: number) {
    this.client = new ServiceClient(baseUrl, internalToken, timeoutMs, 'billing-service');
  }

  async depositsHeld(contractIds: readonly string[], ctx: CallContext): Promise<Map<string, number>> {
    const res = await this.client.call<{ heldFen?: Record<string, number> }>('POST', '/internal/deposits/held', { contractIds }, { requestId: ctx.requestId, nowMs: ctx.nowMs });
    if (res.status !== 200 || !res.body?.heldFen) throw new AppError('upstream', `billing-service answered ${res.status} when asked for the deposits held`);
    return new Map(Object.entries(res.body.heldFen));
  }

  async openingInvoice(contractId: string, ctx: CallContext): Promise<unknown> {
    const res = await this.client.call('POST', '/internal/invoices/opening', { contractId }, { requestId: ctx.requestId, actor: ctx.actor, nowMs: ctx.nowMs });
    if (res.status < 200 || res.status >= 300) throw new AppError('upstream', `billing-service answered ${res.status} when asked for the opening invoice of ${contractId}`);
    return res.body;
  }

  async correctVoid(contractId: string, ctx: CallContext): Promise<void> {
    const res = await this.client.call('POST', `/internal/contracts/${encodeURIComponent(contractId)}/void-corrections`, {}, { requestId: ctx.requestId, actor: ctx.actor, nowMs: ctx.nowMs });
    if (res.status < 200 || res.status >= 300) throw new AppError('upstream', `billing-service answered ${res.status} when asked to correct a void on ${contractId}`);
  }
}

/** One step of the clock (a day) may run a month's billing: allow it ten minutes. */
const SCHEDULER_ADVANCE_TIMEOUT_MS = 10 * 60 * 1000;

export class HttpScheduler implements Scheduler {
  private readonly client: ServiceClient;

  constructor(baseUrl: string, internalToken: string, timeoutMs = SCHEDULER_ADVANCE_TIMEOUT_MS) {
    this.client = new ServiceClient(baseUrl, internalToken, timeoutMs, 'billing-service');
  }

  async advance(fromMs: number, toMs: number, ctx: CallContext): Promise<{ jobsRun: JobRun[]; completed: boolean } | null> {
    const res = await this.client.call<{ jobsRun?: JobRun[]; completed?: boolean } | undefined>(
      'POST',
      '/internal/scheduler/advance',
      { from: shanghaiInstant(fromMs), to: shanghaiInstant(toMs) },
      { requestId: ctx.requestId, actor: GATEWAY_SYSTEM_ACTOR, nowMs: toMs },
    );
    if (res.status === 404) return null;
    if (res.status < 200 || res.status >= 300) {
      const detail = (res.body as { detail?: string } | undefined)?.detail;
      throw new AppError('upstream', `billing-service could not run the scheduled jobs (${res.status})${detail ? `: ${detail}` : ''}`);
    }
    return { jobsRun: Array.isArray(res.body?.jobsRun) ? res.body.jobsRun : [], completed: res.body?.completed !== false };
  }
}
