import type { Db } from '../invoices/invoice.repository';

export interface SeatInterval {
  contractId: string;
  seat: string;
  fromMs: number;
  toMs: number;
}

/**
 * The live calls (voided ones have left `calls`) that started on each seat within each
 * [from, to): one query for every interval, walking the (contract_id, started_at) index.
 * Answers one count per interval, in the order given.
 */
export async function callsPerSeatInterval(db: Db, intervals: readonly SeatInterval[]): Promise<number[]> {
  if (intervals.length === 0) return [];
  const result = await db.raw(
    `select i.ord, count(c.id)::int as calls
       from unnest(?::uuid[], ?::text[], ?::timestamptz[], ?::timestamptz[]) with ordinality as i(contract_id, seat, f, t, ord)
       left join calls c on c.contract_id = i.contract_id and c.seat = i.seat and c.started_at >= i.f and c.started_at < i.t
      group by i.ord
      order by i.ord`,
    [
      intervals.map((i) => i.contractId),
      intervals.map((i) => i.seat),
      intervals.map((i) => new Date(i.fromMs).toISOString()),
      intervals.map((i) => new Date(i.toMs).toISOString()),
    ],
  );
  return (result.rows as Array<{ calls: number }>).map((r) => r.calls);
}
