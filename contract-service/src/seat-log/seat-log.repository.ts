/** Only repositories touch the database (STYLE habit 8): the seat shift log. */
import { keysetPage, type PageRequest, type SortKey } from '@seatlease/shared';
import type { Db } from '../contracts/contract.repository';

/** The seat log's list order: latest event first, the id breaking ties (index seat_log (contract_id, at, id)). */
const SEAT_LOG_ORDER: readonly SortKey[] = [{ column: 'at', type: 'timestamptz' }, { column: 'id', type: 'uuid' }];

export type SeatLogKind = 'open' | 'close' | 'open_failed' | 'handover';

export interface SeatLogRow {
  id: string;
  contract_id: string;
  tenant_id: string;
  kind: SeatLogKind;
  at: Date;
  shift: string;
  shift_date: string;
  seat: string | null;
  agent_account: string | null;
  reason: string | null;
  to_shift: string | null;
  to_agent_account: string | null;
  mode: 'oral' | 'written' | null;
  notes: string | null;
  unresolved_matters: boolean | null;
  incident_id: string | null;
  recorded_by_key: string;
  recorded_by_role: string;
  created_at: Date;
}

export const seatLog = {
  get: (db: Db, id: string) => db<SeatLogRow>('seat_log').where({ id }).first(),
  insert: (db: Db, row: SeatLogRow) => db('seat_log').insert(row),
  setIncident: (db: Db, id: string, incidentId: string) => db('seat_log').where({ id }).update({ incident_id: incidentId }),
  /** The seat's latest open/close event (the log is kept in time order per seat). */
  lastSeatEvent: (db: Db, contractId: string, seat: string) =>
    db<SeatLogRow>('seat_log').where({ contract_id: contractId, seat }).whereIn('kind', ['open', 'close']).orderBy([{ column: 'at', order: 'desc' }, { column: 'created_at', order: 'desc' }]).first(),
  /** Seats whose latest open/close event is an open: the seats on duty now. */
  openSeats: async (db: Db, contractId: string): Promise<string[]> => {
    const rows = await db.raw(
      `select seat from (
         select distinct on (seat) seat, kind from seat_log
          where contract_id = ? and kind in ('open','close')
          order by seat, at desc, created_at desc) last
        where kind = 'open' order by seat`,
      [contractId],
    );
    return rows.rows.map((r: { seat: string }) => r.seat);
  },
  /** A page of a contract's log, filtered in SQL before the limit. */
  page: (db: Db, f: { contractId: string; kind?: SeatLogKind | undefined; seat?: string | undefined; from?: string | undefined; to?: string | undefined }, page: PageRequest) => {
    const q = db<SeatLogRow>('seat_log').select('*').where({ contract_id: f.contractId });
    if (f.kind) q.where({ kind: f.kind });
    if (f.seat) q.where({ seat: f.seat });
    if (f.from) q.where('at', '>=', new Date(f.from));
    if (f.to) q.where('at', '<', new Date(f.to));
    return keysetPage<SeatLogRow>(db, q, SEAT_LOG_ORDER, page);
  },
  /**
   * Seconds each seat was open in [fromMs, toMs): every open paired with the seat's next event
   * (its close), an open not yet closed counted up to `nowMs`. One set-based query.
   */
  openSeconds: async (db: Db, contractId: string, fromMs: number, toMs: number, nowMs: number): Promise<Array<{ seat: string; seconds: number }>> => {
    const rows = await db.raw(
      `with ev as (
         select seat, kind, at,
                lead(at) over (partition by seat order by at, created_at) as next_at
           from seat_log
          where contract_id = ? and kind in ('open','close') and at < ?
       )
       select seat,
              floor(sum(extract(epoch from least(coalesce(next_at, ?::timestamptz), ?::timestamptz) - greatest(at, ?::timestamptz))))::bigint as seconds
         from ev
        where kind = 'open' and least(coalesce(next_at, ?::timestamptz), ?::timestamptz) > greatest(at, ?::timestamptz)
        group by seat
        order by seat`,
      [contractId, new Date(toMs), new Date(nowMs), new Date(toMs), new Date(fromMs), new Date(nowMs), new Date(toMs), new Date(fromMs)],
    );
    return rows.rows.map((r: { seat: string; seconds: string }) => ({ seat: r.seat, seconds: Number(r.seconds) }));
  },
};
