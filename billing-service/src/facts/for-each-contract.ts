import type { BillingFacts } from '@seatlease/shared';
import { factsPage, type FactsQuery } from './facts.client';
import type { Deps } from '../deps';

/** Visits every contract the query selects, page by page. */
export async function forEachContract(deps: Deps, query: FactsQuery, nowMs: number, visit: (facts: BillingFacts) => Promise<void>): Promise<number> {
  let after: string | null = null;
  let n = 0;
  do {
    const page = await factsPage(deps.contracts, query, after, 500, nowMs);
    for (const facts of page.data) {
      await visit(facts);
      n++;
    }
    after = page.nextAfter;
  } while (after !== null);
  return n;
}
