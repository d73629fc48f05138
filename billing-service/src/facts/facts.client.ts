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

/** What billing prints about the parties: tenants' invoicing profiles and contracts' numbers. */
export interface BillParties {
  profiles: Map<string, InvoicingProfile | null>;
  contractNumbers: Map<string, string | null>;
}

/** The only other read of contracts besides BillingFacts. */
export type BillPartiesPort = (tenantIds: readonly string[], contractIds?: readonly string[]) => Promise<BillParties>;

/** contract-service's internal /internal/bill-parties, at most 500 ids of each a call. */
export function billPartiesFrom(contracts: ServiceClient): BillPartiesPort {
  return async (tenantIds, contractIds = []) => {
    const out: BillParties = { profiles: new Map(), contractNumbers: new Map() };
    const tenants = [...new Set(tenantIds)];
    const numbered = [...new Set(contractIds)];
    for (let i = 0; i < Math.max(tenants.length, numbered.length); i += 500) {
      const t = tenants.slice(i, i + 500);
      const c = numbered.slice(i, i + 500);
      const body = await contracts.expect<{
        tenants: Record<string, { invoicingProfile: InvoicingProfile | null }>;
        contracts: Record<string, { number: string | null }>;
      }>('GET', `/internal/bill-parties?tenantIds=${t.join(',')}&contractIds=${c.join(',')}`);
      for (const id of t) out.profiles.set(id, body.tenants[id]?.invoicingProfile ?? null);
      for (const id of c) out.contractNumbers.set(id, body.contracts[id]?.number ?? null);
    }
    return out;
  };
}
