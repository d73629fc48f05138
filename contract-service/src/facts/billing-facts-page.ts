import { isoDate, month, parseWith, today as todayOf, z } from '@seatlease/shared';
import { contracts } from '../contracts/contract.repository';
import { loadContractStates } from '../contracts/contract-state';
import { toBillingFacts } from './build-billing-facts';
import type { Caller, Deps } from '../deps';

const pageQuery = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('period'), period: month(), after: z.string().uuid().optional(), limit: z.coerce.number().int().min(1).max(2000).default(500) }),
  z.object({ mode: z.enum(['ended', 'ending', 'signed']), from: isoDate(), to: isoDate(), after: z.string().uuid().optional(), limit: z.coerce.number().int().min(1).max(2000).default(500) }),
]);

/**
 * The seam in pages, ordered by contract id, for billing's jobs:
 * - `period`: contracts whose service overlaps the month (monthly billing runs);
 * - `ended`: contracts whose last day of service lies in [from, to] (final invoices);
 * - `ending`: contracts whose end of term lies in [from, to] and that are not terminated (renewal notices);
 * - `signed`: contracts signed in [from, to] (opening invoices not yet issued).
 */
export async function billingFactsPage(deps: Deps, caller: Caller, query: unknown) {
  const q = parseWith(pageQuery, { mode: 'period', ...(query as object) });
  const today = todayOf(caller.clock);
  const rows = await contracts.factsPage(deps.knex, q);
  const states = await loadContractStates(deps.knex, rows, today);
  return {
    data: states.map(toBillingFacts),
    nextAfter: rows.length === q.limit ? rows[rows.length - 1]!.id : null,
  };
}
