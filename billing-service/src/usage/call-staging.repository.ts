/**
 * The SQL of a call import (STYLE habit 8: only repositories touch the database). One pooled
 * connection holds one transaction: checked rows are COPYed into a TEMP table that dies with
 * the transaction, then, under a lock that makes imports take turns, ONE set-based
 * INSERT … SELECT … WHERE NOT EXISTS moves the calls that are inside their contract's live
 * period (the first row of each id) into `calls`, computing the
 * Asia/Shanghai month and the billable minutes (§7: every started minute) on the way.
 * A failure anywhere rolls back everything: an import is all of its good rows or nothing.
 */
import type { Writable } from 'node:stream';
import type { Knex } from 'knex';
import type pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { STAGING_COLUMNS } from './call-record';

/** An interval of instants in which a contract's calls are valid: [fromMs, untilMs). */
export interface LiveWindow {
  contractId: string;
  fromMs: number;
  untilMs: number;
}

export interface OutsideRow {
  row: number;
  contractId: string;
}

export interface StagingSession {
  /** A COPY … FROM STDIN stream (text format, `STAGING_COLUMNS` order) into the staging table. */
  copyIn(): Writable;
  /** The contracts the staged rows name, in the order they first appear. */
  stagedContracts(limit: number): Promise<string[]>;
  /** Staged rows whose contract has no window, or that lie outside it: the first `limit` by row and the count. */
  outsideRows(windows: readonly LiveWindow[], limit: number): Promise<{ total: number; first: OutsideRow[] }>;
  /**
   * Inserts the staged rows inside their window, the first row of each id only, skipping ids
   * already on file; answers the number of rows written (the other live rows are duplicates).
   */
  insertLive(windows: readonly LiveWindow[], importedAtMs: number): Promise<number>;
}

const STAGING = 'calls_staging';

function windowParams(windows: readonly LiveWindow[]): [string[], string[], string[]] {
  return [
    windows.map((w) => w.contractId),
    windows.map((w) => new Date(w.fromMs).toISOString()),
    windows.map((w) => new Date(w.untilMs).toISOString()),
  ];
}

const LIVE_CTE = `live as (select * from unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[]) as l(contract_id, live_from, live_until))`;

export async function withCallStaging<T>(knex: Knex, work: (session: StagingSession) => Promise<T>): Promise<T> {
  const client = (await knex.client.acquireConnection()) as pg.Client & { __knex__disposed?: unknown };
  const session: StagingSession = {
    copyIn: () => client.query(copyStreams.from(`copy ${STAGING} (${STAGING_COLUMNS.join(', ')}) from stdin`)),
    stagedContracts: async (limit) => {
      const r = await client.query<{ contract_id: string }>(
        `select contract_id from ${STAGING} group by contract_id order by min(row_no) limit $1`,
        [limit],
      );
      return r.rows.map((x) => x.contract_id);
    },
    outsideRows: async (windows, limit) => {
      const r = await client.query<{ row_no: number; contract_id: string; total: number }>(
        `with ${LIVE_CTE}
         select s.row_no, s.contract_id, count(*) over () as total
           from ${STAGING} s left join live l on l.contract_id = s.contract_id
          where l.contract_id is null or s.started_at < l.live_from or s.started_at >= l.live_until
          order by s.row_no
          limit $4`,
        [...windowParams(windows), limit],
      );
      return { total: r.rows[0]?.total ?? 0, first: r.rows.map((x) => ({ row: x.row_no, contractId: x.contract_id })) };
    },
    insertLive: async (windows, importedAtMs) => {
      // Imports take turns here (SHARE ROW EXCLUSIVE conflicts with itself and with any other
      // writer of `calls`; readers are not blocked) until their commit, so the anti-join below
      // sees every call already on file, and a plain INSERT can replace ON CONFLICT DO NOTHING,
      // whose speculative insertion cost a third of this statement (EXPLAIN ANALYZE, 1M rows).
      // The lock is its own statement: the INSERT's snapshot is taken after it is granted.
      await client.query('lock table calls in share row exclusive mode');
      // The dedupe sort stays in memory for a file of about a million rows (default 4 MB spills).
      await client.query(`set local work_mem = '256MB'`);
      // DISTINCT ON keeps the first row of an id repeated inside the file (among live rows);
      // NOT EXISTS leaves an id already on file untouched.
      const r = await client.query<{ inserted: number }>(
        `with ${LIVE_CTE},
         candidates as (
           select distinct on (s.id) s.*
             from ${STAGING} s join live l on l.contract_id = s.contract_id
            where s.started_at >= l.live_from and s.started_at < l.live_until
            order by s.id, s.row_no
         ),
         inserted as (
           insert into calls (id, contract_id, seat, started_at, duration_seconds, call_type, month, billable_minutes, imported_at)
           select id, contract_id, seat, started_at, duration_seconds, call_type,
                  to_char(started_at at time zone 'Asia/Shanghai', 'YYYY-MM'), (duration_seconds + 59) / 60, $4::timestamptz
             from candidates c
            where not exists (select 1 from calls x where x.id = c.id)
           returning 1
         )
         select count(*) as inserted from inserted`,
        [...windowParams(windows), new Date(importedAtMs).toISOString()],
      );
      return Number(r.rows[0]!.inserted);
    },
  };
  try {
    await client.query('begin');
    await client.query(
      `create temp table ${STAGING} (
         row_no bigint not null, id text not null, contract_id uuid not null, seat text not null,
         started_at timestamptz not null, duration_seconds integer not null, call_type text not null
       ) on commit drop`,
    );
    const result = await work(session);
    await client.query('commit');
    return result;
  } catch (err) {
    // A connection that cannot even roll back is not given back to the pool for reuse.
    await client.query('rollback').catch((e: unknown) => {
      client.__knex__disposed = e;
    });
    throw err;
  } finally {
    await knex.client.releaseConnection(client);
  }
}
