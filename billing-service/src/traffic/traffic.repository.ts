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

/** The busiest hour of a seat (one row per seat), or of the contract over all seats. */
export interface TrafficHourRow {
  /** null: the contract's hour over all seats. */
  seat: string | null;
  hour: number;
  calls: number;
}

type Db = Knex | Knex.Transaction;

/**
 * One set-based pass over a contract's calls of a month (the `(contract_id, month)` index finds
 * them): the rows are grouped once by seat, call type and hour of the Asia/Shanghai day (UTC+8,
 * no DST, so the hour is integer arithmetic on the epoch), and that small result — at most
 * seats × 3 × 24 rows — is rolled up into per seat and type, and the busiest hour per seat and
 * for the contract. The caller gets a few rows per seat, however many million calls.
 */
export async function trafficRows(db: Db, contractId: string, period: Month): Promise<{ types: TrafficTypeRow[]; hours: TrafficHourRow[] }> {
  const res = await db.raw(
    `with g as (
       select seat, call_type, ((extract(epoch from started_at)::bigint + 28800) / 3600 % 24)::int as hour,
              count(*)::bigint as calls, sum(billable_minutes)::bigint as minutes, sum(duration_seconds)::bigint as seconds
         from calls
        where contract_id = ? and month = ?
        group by 1, 2, 3
     )
     , h as (
       select seat, hour, sum(calls)::bigint as calls from g group by grouping sets ((seat, hour), (hour))
     )
     select 'type' as part, seat, call_type, null::int as hour, sum(calls)::bigint as calls, sum(minutes)::bigint as minutes, sum(seconds)::bigint as seconds
       from g group by seat, call_type
     union all
     -- the busiest hour of each seat, and of the contract (seat null); a tie goes to the earlier hour
     select * from (select distinct on (seat) 'hour', seat, null, hour, calls, null::bigint, null::bigint from h order by seat, calls desc, hour) best`,
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
