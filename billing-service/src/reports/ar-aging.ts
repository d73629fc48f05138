/**
 * GET /v1/reports/ar-aging?asOf= (staff) — receivables by tenant and in total, in buckets
 * current (not yet due), 1–30, 31–60, 61–90 and more than 90 days past due, as of a date
 * (default today): what was still due on that date, counting payments and credit notes dated
 * up to it. Tenant credit not yet spent is shown beside, never netted into the buckets.
 */
import { forbidden, parseWith, today as todayOf } from '@seatlease/shared';
import type { Caller, Deps } from '../deps';
import { ageReceivables } from './aging';
import { creditBalancesAsOf, receivablesAsOf } from './report.repository';
import { ArAgingQuery as agingQuery } from '@seatlease/shared/src/api';

export async function arAging(deps: Deps, caller: Caller, query: unknown) {
  if (caller.scopeTenantId !== null) throw forbidden('the aging report is for staff');
  const q = parseWith(agingQuery, query);
  const asOf = q.asOf ?? todayOf(caller.clock);
  const { tenants, totals } = ageReceivables(await receivablesAsOf(deps.knex, asOf), asOf);
  const credit = await creditBalancesAsOf(deps.knex, asOf);
  return {
    asOf,
    currency: 'CNY',
    buckets: ['current', '1-30', '31-60', '61-90', '90+'],
    tenants: tenants.map((t) => ({ ...t, creditBalance: credit.get(t.tenantId) ?? 0 })),
    totals,
  };
}
