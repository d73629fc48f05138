import type { CallUsage } from '@seatlease/shared';
import type { Db } from '../invoices/invoice.repository';

type UsageRow = { month: string; call_type: string; calls: string; minutes: string };

function toUsage(r: UsageRow): CallUsage {
  return { month: r.month, callType: r.call_type as CallUsage['callType'], calls: Number(r.calls), minutes: Number(r.minutes) };
}

/** Rated usage per month and call type: minutes are summed per call, each rounded up (§7). */
export async function usageFor(db: Db, contractId: string): Promise<CallUsage[]> {
  const rows = await db('calls')
    .where({ contract_id: contractId })
    .groupBy('month', 'call_type')
    .select('month', 'call_type')
    .count({ calls: '*' })
    .sum({ minutes: 'billable_minutes' })
    .orderBy(['month', 'call_type']);
  return (rows as unknown as UsageRow[]).map(toUsage);
}

/** usageFor of many contracts in one query (a billing run's batch); every id gets an entry. */
export async function usageForContracts(db: Db, contractIds: readonly string[]): Promise<Map<string, CallUsage[]>> {
  const out = new Map<string, CallUsage[]>(contractIds.map((id) => [id, []]));
  if (contractIds.length === 0) return out;
  const rows = await db('calls')
    .whereIn('contract_id', contractIds)
    .groupBy('contract_id', 'month', 'call_type')
    .select('contract_id', 'month', 'call_type')
    .count({ calls: '*' })
    .sum({ minutes: 'billable_minutes' })
    .orderBy(['contract_id', 'month', 'call_type']);
  for (const r of rows as unknown as Array<UsageRow & { contract_id: string }>) out.get(r.contract_id)!.push(toUsage(r));
  return out;
}
