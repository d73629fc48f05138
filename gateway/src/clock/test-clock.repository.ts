/** The only code that reads or writes `gateway.test_clock` (one row). */
import type { Knex } from 'knex';

/** Serializes clock advances across gateway replicas. */
const CLOCK_LOCK = 'seatlease:gateway:test-clock';

export interface LockedClock {
  /** The clock (created at `initialMs` on first use). */
  read(initialMs: number): Promise<number>;
  write(nowMs: number): Promise<void>;
}

async function readOrCreate(db: Knex | Knex.Transaction, initialMs: number): Promise<number> {
  // A plain read first: it never waits for an advance in progress (which holds the row lock
  // until billing has run its jobs) and sees the committed time.
  const read = async () => {
    const result = await db.raw('select now_ms from gateway.test_clock where id = 1');
    const row = (result as { rows: Array<{ now_ms: number | string }> }).rows[0];
    return row ? Number(row.now_ms) : null;
  };
  const existing = await read();
  if (existing !== null) return existing;
  await db.raw('insert into gateway.test_clock (id, now_ms) values (1, ?) on conflict (id) do nothing', [initialMs]);
  const created = await read();
  if (created === null) throw new Error('the test clock row is missing');
  return created;
}

export class TestClockRepository {
  constructor(private readonly knex: Knex) {}

  read(initialMs: number): Promise<number> {
    return readOrCreate(this.knex, initialMs);
  }

  /**
   * Runs `fn` in one transaction holding the clock's advisory lock: the new value becomes
   * visible to other readers only when `fn` succeeds.
   */
  withLock<T>(fn: (clock: LockedClock) => Promise<T>): Promise<T> {
    return this.knex.transaction(async (trx) => {
      await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [CLOCK_LOCK]);
      return fn({
        read: (initialMs) => readOrCreate(trx, initialMs),
        write: async (nowMs) => {
          await trx.raw('update gateway.test_clock set now_ms = ?, updated_at = now() where id = 1', [nowMs]);
        },
      });
    });
  }
}
