/**
 * The scheduler's bookkeeping (only repositories touch the database): one row per (job, slot)
 * claimed by whoever inserts it first, and the real-time tick's cursor.
 */
import type { Db } from '../invoices/invoice.repository';

type SlotStatus = 'running' | 'done' | 'failed';

export const jobSlots = {
  /**
   * Claims a slot: inserts it `running`, or takes it over when it failed or its worker's lease
   * (`leaseMinutes` since it started) ran out. Answers true when this owner is to work it.
   */
  claim: async (db: Db, c: { job: string; slotMs: number; owner: string; nowMs: number; leaseMinutes: number }): Promise<boolean> => {
    const res = await db.raw(
      `insert into job_slots (job, slot, status, owner, started_at) values (?, ?, 'running', ?, ?)
       on conflict (job, slot) do update set status = 'running', owner = excluded.owner, started_at = excluded.started_at
       where job_slots.status = 'failed'
          or (job_slots.status = 'running' and job_slots.started_at < ?::timestamptz - interval '${c.leaseMinutes} minutes')
       returning job`,
      [c.job, new Date(c.slotMs), c.owner, new Date(c.nowMs), new Date(c.nowMs)],
    );
    return res.rows.length === 1;
  },
  /** The slot's status, or undefined when there is no such row. */
  status: async (db: Db, job: string, slotMs: number): Promise<SlotStatus | undefined> =>
    ((await db('job_slots').where({ job, slot: new Date(slotMs) }).first('status')) as { status: SlotStatus } | undefined)?.status,
  /** Records how a slot ended, with its result (JSON). */
  finish: async (db: Db, f: { job: string; slotMs: number; status: 'done' | 'failed'; finishedAtMs: number; result: unknown }): Promise<void> => {
    await db('job_slots')
      .where({ job: f.job, slot: new Date(f.slotMs) })
      .update({ status: f.status, finished_at: new Date(f.finishedAtMs), result: JSON.stringify(f.result) });
  },
  /** Deletes a job's slot rows older than `beforeMs`; answers how many. */
  purgeBefore: async (db: Db, job: string, beforeMs: number): Promise<number> =>
    Number(await db('job_slots').where({ job }).andWhere('slot', '<', new Date(beforeMs)).delete()),
};

export const jobCursors = {
  /** The last instant a job's ticks completed through, if any. */
  get: async (db: Db, job: string): Promise<number | null> => {
    const row = await db('job_cursors').where({ job }).first();
    return row ? (row.last_slot as Date).getTime() : null;
  },
  set: async (db: Db, job: string, lastSlotMs: number): Promise<void> => {
    await db('job_cursors').insert({ job, last_slot: new Date(lastSlotMs) }).onConflict('job').merge();
  },
};
