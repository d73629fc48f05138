import type { CallUsage } from '@seatlease/shared';
import type { Db } from '../invoices/invoice.repository';

/** Rated usage per month and call type: minutes are summed per call, each rounded up (§7). */
export async function usageFor(db: Db, contractId: string): Promise<CallUsage[]> {
  const rows = await db('calls')
    .where({ contract_id: contractId })
    .groupBy('month', 'call_type')
    .select('month', 'call_type')
    .count({ calls: '*' })
    .sum({ minutes: 'billable_minutes' })
    .orderBy(['month', 'call_type']);
  return (rows as unknown as Array<{ month: string; call_type: string; calls: string; minutes: string }>).map((r) => ({
    month: r.month,
    callType: r.call_type as CallUsage['callType'],
    calls: Number(r.calls),
    minutes: Number(r.minutes),
  }));
}
