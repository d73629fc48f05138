import type { Db } from '../contracts/contract.repository';

export interface StaffedShiftRow {
  contract_id: string;
  seat: string;
  agent_account: string;
  shift_date: string;
  from_at: Date;
  to_at: Date;
}

/**
 * Every stretch a seat of the tenant was open in shifts dated `fromDate`..`toDate`: each `open`
 * paired with the seat's next event (its close), with the agent account that opened it; a seat
 * not closed yet counts up to `nowMs`. Whole shifts: one that runs past the month's end stays
 * with the date it started (docs/decisions/0047).
 */
export async function staffedShifts(db: Db, tenantId: string, fromDate: string, toDate: string, fromMs: number, nowMs: number): Promise<StaffedShiftRow[]> {
  const result = await db.raw(
    `with ev as (
       select contract_id, seat, kind, at, shift_date, agent_account,
              lead(at) over (partition by contract_id, seat order by at, created_at) as next_at
         from seat_log
        where tenant_id = ? and kind in ('open','close') and at >= ?
     )
     select contract_id, seat, agent_account, shift_date, at as from_at, coalesce(next_at, greatest(at, ?::timestamptz)) as to_at
       from ev
      where kind = 'open' and shift_date between ? and ?
      order by agent_account, shift_date, at, contract_id, seat`,
    // From a day before the first date: a shift dated the 1st may have started the evening before.
    [tenantId, new Date(fromMs - 24 * 3_600_000), new Date(nowMs), fromDate, toDate],
  );
  return result.rows as StaffedShiftRow[];
}
