/** billing reads contracts only through BillingFacts (STYLE habit 3). */
import type { BillingFacts, Month, ServiceClient } from '@seatlease/shared';

export interface FactsPage {
  data: BillingFacts[];
  nextAfter: string | null;
}

export function factsFor(contracts: ServiceClient, contractId: string, nowMs: number, requestId?: string): Promise<BillingFacts> {
  return contracts.expect<BillingFacts>('GET', `/internal/billing-facts/${contractId}`, undefined, { nowMs, requestId });
}

export type FactsQuery =
  | { mode: 'period'; period: Month }
  | { mode: 'ended'; from: string; to: string }
  | { mode: 'ending'; from: string; to: string }
  | { mode: 'signed'; from: string; to: string };

export function factsPage(contracts: ServiceClient, query: FactsQuery, after: string | null, limit: number, nowMs: number): Promise<FactsPage> {
  const params = new URLSearchParams({ ...query, limit: String(limit) } as Record<string, string>);
  if (after) params.set('after', after);
  return contracts.expect<FactsPage>('GET', `/internal/billing-facts?${params.toString()}`, undefined, { nowMs });
}

/** A tenant's invoicing profile (开票信息), as contract-service keeps it. */
export interface InvoicingProfile {
  title: string;
  taxId: string;
  address: string | null;
  phone: string | null;
  bankName: string | null;
  bankAccount: string | null;
  fapiaoType: 'special' | 'normal';
}

/** What billing prints about the buyer of its bills and fapiao (the only other read of contracts). */
export type BillPartiesPort = (tenantIds: readonly string[]) => Promise<Map<string, InvoicingProfile | null>>;

/** contract-service's internal /internal/bill-parties, at most 500 tenants a call. */
export function billPartiesFrom(contracts: ServiceClient): BillPartiesPort {
  return async (tenantIds) => {
    const out = new Map<string, InvoicingProfile | null>();
    const unique = [...new Set(tenantIds)];
    for (let i = 0; i < unique.length; i += 500) {
      const slice = unique.slice(i, i + 500);
      const body = await contracts.expect<{ tenants: Record<string, { invoicingProfile: InvoicingProfile | null }> }>(
        'GET',
        `/internal/bill-parties?tenantIds=${slice.join(',')}`,
      );
      for (const id of slice) out.set(id, body.tenants[id]?.invoicingProfile ?? null);
    }
    return out;
  };
}
