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
