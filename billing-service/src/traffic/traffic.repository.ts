/** Only repositories touch the database (STYLE habit 8): the traffic report's reads and snapshots. */
import type { Knex } from 'knex';
import type { Month } from '@seatlease/shared';

export interface TrafficTypeRow {
  seat: string;
  callType: string;
  calls: number;
  billedMinutes: number;
  seconds: number;
}

export interface TrafficHourRow {
  /** null: the contract's hour over all seats. */
  seat: string | null;
  hour: number;
  calls: number;
}

type Db = Knex | Knex.Transaction;

/**
 * One set-based pass over a contract's calls of a month (the `(contract_id, month)` index finds
 * them): counts, billed minutes and seconds per seat and call type, and calls per seat and hour
 * of the Asia/Shanghai day, and per hour over all seats. The rows are read once (a materialized
 * CTE); the caller gets a few hundred rows, however many million calls.
 */
export async function trafficRows(db: Db, contractId: string, period: Month): Promise<{ types: TrafficTypeRow[]; hours: TrafficHourRow[] }> {
  const res = await db.raw(
    `with c as materialized (
       select seat, call_type, extract(hour from started_at at time zone 'Asia/Shanghai')::int as hour,
              duration_seconds, billable_minutes
         from calls
        where contract_id = ? and month = ?
     )
     select 'type' as part, seat, call_type, null::int as hour,
            count(*)::bigint as calls, sum(billable_minutes)::bigint as minutes, sum(duration_seconds)::bigint as seconds
       from c group by seat, call_type
     union all
     select 'hour', seat, null, hour, count(*)::bigint, null, null
       from c group by grouping sets ((seat, hour), (hour))`,
    [contractId, period],
  );
  const types: TrafficTypeRow[] = [];
  const hours: TrafficHourRow[] = [];
  for (const r of res.rows as Array<{ part: string; seat: string | null; call_type: string | null; hour: number | null; calls: string; minutes: string | null; seconds: string | null }>) {
    if (r.part === 'type') types.push({ seat: r.seat!, callType: r.call_type!, calls: Number(r.calls), billedMinutes: Number(r.minutes), seconds: Number(r.seconds) });
    else hours.push({ seat: r.seat, hour: r.hour!, calls: Number(r.calls) });
  }
  return { types, hours };
}

export const trafficSnapshots = {
  insert: (db: Db, row: { contract_id: string; period: Month; notice_key: string; report: unknown }) =>
    db('traffic_reports').insert({ ...row, report: JSON.stringify(row.report) }).onConflict(['contract_id', 'period']).ignore(),
  byNoticeKey: (db: Db, key: string) => db('traffic_reports').where({ notice_key: key }).first(),
};
