/**
 * Accounts-receivable aging (pure): what each tenant owes, by how long it is past due, as of a
 * date. A day past due counts from the day after the due date: due 2027-03-10, as of 2027-03-11
 * → 1 day past due. Amounts are integer fen; per tenant and in total the buckets sum to the total.
 */
import { assert, daysBetween, type Fen, type IsoDate } from '@seatlease/shared';

export const AGING_BUCKETS = ['current', 'days1to30', 'days31to60', 'days61to90', 'days90plus'] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];
export type Buckets = Record<AgingBucket, Fen> & { total: Fen };

function emptyBuckets(): Buckets {
  return { current: 0, days1to30: 0, days31to60: 0, days61to90: 0, days90plus: 0, total: 0 };
}

/** current = not yet past due (due today or later); then 1–30, 31–60, 61–90, more than 90 days. */
export function bucketOf(dueDate: IsoDate, asOf: IsoDate): AgingBucket {
  const daysPastDue = daysBetween(dueDate, asOf);
  if (daysPastDue <= 0) return 'current';
  if (daysPastDue <= 30) return 'days1to30';
  if (daysPastDue <= 60) return 'days31to60';
  if (daysPastDue <= 90) return 'days61to90';
  return 'days90plus';
}

export interface Receivable {
  tenantId: string;
  tenantName: string;
  dueDate: IsoDate;
  /** Still owed as of the report date. */
  dueFen: Fen;
}

export interface TenantAging extends Buckets {
  tenantId: string;
  tenantName: string;
  invoiceCount: number;
}

export function ageReceivables(items: readonly Receivable[], asOf: IsoDate): { tenants: TenantAging[]; totals: Buckets } {
  const byTenant = new Map<string, TenantAging>();
  const totals = emptyBuckets();
  for (const item of items) {
    if (item.dueFen <= 0) continue;
    let t = byTenant.get(item.tenantId);
    if (!t) {
      t = { tenantId: item.tenantId, tenantName: item.tenantName, invoiceCount: 0, ...emptyBuckets() };
      byTenant.set(item.tenantId, t);
    }
    const bucket = bucketOf(item.dueDate, asOf);
    t[bucket] += item.dueFen;
    t.total += item.dueFen;
    t.invoiceCount++;
    totals[bucket] += item.dueFen;
    totals.total += item.dueFen;
  }
  const tenants = [...byTenant.values()].sort((a, b) => b.total - a.total || (a.tenantName < b.tenantName ? -1 : a.tenantName > b.tenantName ? 1 : 0));
  for (const b of [...tenants, totals]) {
    assert(AGING_BUCKETS.reduce((s, k) => s + b[k], 0) === b.total, 'aging buckets sum to the total');
  }
  return { tenants, totals };
}
