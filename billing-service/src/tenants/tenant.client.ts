/**
 * Who a tenant is (name, billing emails), from contract-service's `/internal/tenants/:id` — a
 * route made for billing, so billing borrows no public role. Scope stays billing's own check:
 * the callers (payments, statements) refuse another tenant before asking.
 */
import { AppError } from '@seatlease/shared';
import type { Caller, Deps } from '../deps';

export interface TenantInfo {
  id: string;
  name: string;
  billingEmails: string[];
}

/** The tenant from contract-service, or null when it does not exist. */
export async function tenantOf(deps: Deps, caller: Caller, tenantId: string): Promise<TenantInfo | null> {
  const res = await deps.contracts.call<TenantInfo>('GET', `/internal/tenants/${tenantId}`, undefined, {
    requestId: caller.requestId,
    nowMs: caller.clock.nowMs(),
  });
  if (res.status === 404) return null;
  if (res.status !== 200) throw new AppError('upstream', `contract-service answered ${res.status} for tenant ${tenantId}`);
  return res.body;
}
