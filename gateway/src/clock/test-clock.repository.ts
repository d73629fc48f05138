/** The only code that reads or writes `gateway.test_clock` (one row). */
import type { Knex } from 'knex';
import { assert } from '@seatlease/shared';

/** Serializes clock advances across gateway replicas. */
const CLOCK_LOCK = 'seatlease:gateway:test-clock';

export interface LockedClock {
  /** The clock (created at `initialMs` on first use). */
  read(initialMs: number): Promise<number>;
  /** Sets and commits the clock at once: readers see each step of an advance as it is taken. */
  write(nowMs: number): Promise<void>;
}

type Run = (sql: string, bindings: readonly unknown[]) => Promise<{ rows: Array<Record<string, unknown>> }>;

async function readOrCreate(run: Run, initialMs: number): Promise<number> {
  const read = async () => {
    const row = (await run('select now_ms from gateway.test_clock where id = 1', [])).rows[0];
    return row ? Number(row.now_ms) : null;
  };
  const existing = await read();
  if (existing !== null) return existing;
  await run('insert into gateway.test_clock (id, now_ms) values (1, ?) on conflict (id) do nothing', [initialMs]);
  const created = await read();
  assert(created !== null, 'the test clock row is missing');
  return created;
}

export class TestClockRepository {
  constructor(private readonly knex: Knex) {}

  read(initialMs: number): Promise<number> {
    return readOrCreate((sql, b) => this.knex.raw(sql, b as Knex.RawBinding[]) as unknown as ReturnType<Run>, initialMs);
  }

  /**
   * Runs `fn` holding the clock's advisory lock (a session lock on one connection, so that one
   * advance at a time moves the clock across replicas). Each `write` commits on its own: an
   * advance that fails midway leaves the clock where its jobs got to (decision 0029).
   */
  async withLock<T>(fn: (clock: LockedClock) => Promise<T>): Promise<T> {
    const conn = await this.knex.client.acquireConnection();
    const run: Run = (sql, b) => this.knex.raw(sql, b as Knex.RawBinding[]).connection(conn) as unknown as ReturnType<Run>;
    try {
      await run('select pg_advisory_lock(hashtext(?))', [CLOCK_LOCK]);
      try {
        return await fn({
          read: (initialMs) => readOrCreate(run, initialMs),
          write: async (nowMs) => {
            await run('update gateway.test_clock set now_ms = ?, updated_at = now() where id = 1', [nowMs]);
          },
        });
      } finally {
        await run('select pg_advisory_unlock(hashtext(?))', [CLOCK_LOCK]).catch(() => undefined);
      }
    } finally {
      await this.knex.client.releaseConnection(conn);
    }
  }
}
