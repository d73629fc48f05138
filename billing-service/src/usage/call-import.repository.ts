/**
 * The SQL of a call import (STYLE habit 8: only repositories touch the database). One pooled
 * connection holds one transaction; a failure anywhere rolls back everything, so an import is
 * all of its good rows or nothing.
 *
 * The transaction first takes a lock that makes imports take turns (SHARE ROW EXCLUSIVE
 * conflicts with itself and with any other writer of `calls`; readers are not blocked) until
 * its commit, so nothing but this import adds calls meanwhile. The checked and rated rows then
 * come in chunks of distinct ids, and each chunk is COPYed straight into `calls` inside a
 * savepoint: COPY writes rows in batches where INSERT … SELECT writes them one at a time, so a
 * new file costs about what a raw COPY of it does. A chunk holding an id already on file (an
 * earlier file, or an earlier chunk of this one) fails with a unique violation; it is then
 * rolled back to its savepoint and goes through a staging table and one
 * INSERT … SELECT … WHERE NOT EXISTS, which stores its new calls and leaves every call already
 * on file as it was. The chunk's bytes are kept until it is done, for that second way.
 *
 * Only that second way can meet a call already on file, so it is where a call re-sent with
 * different data is found (decision 0019): the staging rows carry their order in the chunk
 * (`ord`, an identity the COPY fills), and one query lists the ids on file whose stored fields
 * differ, with the fields. A new file never pays for it.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Knex } from 'knex';
import type pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { CALLS_COPY_COLUMNS, COPY_BINARY_HEADER, COPY_BINARY_TRAILER } from './call-tuples';

export interface CallImportSession {
  /** Copies one more batch of binary COPY tuples (`CALLS_COPY_COLUMNS`) of the current chunk; the batch must stay as it is until `endChunk` answers. */
  write(batch: Buffer): Promise<void>;
  /** Ends the current chunk of `tuples` calls with distinct ids; answers how many were new, and those on file with other data. */
  endChunk(tuples: number): Promise<ChunkResult>;
  /** The calls on file with these ids (to compare rows that repeat an id inside one chunk). */
  stored(ids: readonly string[]): Promise<StoredCall[]>;
}

export interface StoredCall {
  id: string;
  contract_id: string;
  seat: string;
  started_at: Date;
  duration_seconds: number;
  call_type: string;
}

/** A call of the chunk whose id is on file with other data: its place in the chunk (0-based) and the fields that differ. */
export interface ChunkConflict {
  index: number;
  id: string;
  differs: string[];
}

export interface ChunkResult {
  inserted: number;
  conflicts: ChunkConflict[];
}

/** Fields compared between a call re-sent and the call on file (API names ← columns). */
const COMPARED: ReadonlyArray<[string, string]> = [
  ['contractId', 'contract_id'],
  ['seat', 'seat'],
  ['startedAt', 'started_at'],
  ['durationSeconds', 'duration_seconds'],
  ['callType', 'call_type'],
];

const COLUMNS = CALLS_COPY_COLUMNS.join(', ');
const STAGING = 'calls_chunk';
const UNIQUE_VIOLATION = '23505';

type CopyStream = ReturnType<typeof copyStreams.from>;

/** The connection's statements, refused once the import has failed (see `Session.stop`). */
interface Statements {
  sql(text: string): Promise<pg.QueryResult>;
  copyFrom(text: string): CopyStream;
}

function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === UNIQUE_VIOLATION;
}

/**
 * The COPY of one chunk into `calls`. Each write waits until the one before has been handed to
 * the socket, and nothing is written once the server has answered an error: pg-copy-streams
 * reaches for its connection when it flushes a queued write, and lets go of the connection
 * when an error comes.
 */
class ChunkCopy {
  readonly batches: Buffer[] = [];
  /** An id of this chunk is already in `calls`: the chunk needs the staging table. */
  conflict = false;
  private stream: CopyStream | null = null;
  /** The server's answer: null once the COPY is complete, else its error. */
  private outcome: Promise<unknown> = Promise.resolve(null);
  private error: unknown = null;
  private completed = false;

  constructor(private readonly db: Statements) {}

  async write(batch: Buffer): Promise<void> {
    this.batches.push(batch);
    if (this.stream === null) await this.send(COPY_BINARY_HEADER);
    await this.send(batch);
  }

  /** Completes the COPY; answers whether it stored the whole chunk. */
  async end(): Promise<boolean> {
    if (this.stream === null) return true;
    await this.send(COPY_BINARY_TRAILER);
    if (!this.failed()) {
      this.stream.end();
      this.settle(await this.outcome);
    }
    this.completed = !this.conflict;
    return this.completed;
  }

  /** Stops a COPY still open (the import failed elsewhere) and waits until the server has let it go. */
  async abort(): Promise<void> {
    const stream = this.stream;
    // A COPY the server already ended, one way or the other, is no longer on the connection.
    if (stream === null || this.error !== null || this.completed) return;
    const closed = new Promise((resolve) => stream.once('close', resolve));
    stream.destroy(new Error('the call import failed'));
    await closed;
  }

  private async send(bytes: Buffer): Promise<void> {
    if (this.conflict) return;
    if (this.stream === null) {
      await this.db.sql('savepoint calls_chunk');
      this.open();
    }
    if (this.failed()) return;
    const stream = this.stream!;
    const written = new Promise<unknown>((resolve) => stream.write(bytes, () => resolve(null)));
    this.settle(await Promise.race([written, this.outcome]));
  }

  private open(): void {
    const stream = this.db.copyFrom(`copy calls (${COLUMNS}) from stdin (format binary)`);
    this.outcome = new Promise((resolve) => {
      stream.once('finish', () => resolve(null));
      stream.on('error', (err) => {
        this.error ??= err;
        resolve(err);
      });
    });
    this.stream = stream;
  }

  /** Whether the server has refused the chunk for an id on file (any other error is thrown). */
  private failed(): boolean {
    this.settle(this.error);
    return this.conflict;
  }

  private settle(err: unknown): void {
    if (err === null) return;
    if (!isUniqueViolation(err)) throw err;
    this.conflict = true;
  }
}

class Session implements CallImportSession, Statements {
  private chunk: ChunkCopy;
  private stagingCreated = false;
  private stopped = false;
  /** The operation the store is waiting for, if any. */
  private inFlight: Promise<unknown> = Promise.resolve();

  constructor(private readonly client: pg.Client) {
    this.chunk = new ChunkCopy(this);
  }

  sql(text: string): Promise<pg.QueryResult> {
    this.refuseIfStopped();
    return this.client.query(text);
  }

  copyFrom(text: string): CopyStream {
    this.refuseIfStopped();
    return this.client.query(copyStreams.from(text));
  }

  write(batch: Buffer): Promise<void> {
    return this.track(this.chunk.write(batch));
  }

  endChunk(tuples: number): Promise<ChunkResult> {
    return this.track(this.endChunkNow(tuples));
  }

  /**
   * After a failure elsewhere (the file, the facts), before the rollback: no statement may
   * follow, or it would run after the rollback, outside the transaction. An open COPY is
   * stopped, then the operation under way is waited for.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.chunk.abort();
    await this.inFlight;
  }

  stored(ids: readonly string[]): Promise<StoredCall[]> {
    return this.track(
      this.client
        .query({ text: 'select id, contract_id, seat, started_at, duration_seconds, call_type from calls where id = any($1::text[])', values: [[...ids]] })
        .then((r) => r.rows as StoredCall[]),
    );
  }

  private async endChunkNow(tuples: number): Promise<ChunkResult> {
    const chunk = this.chunk;
    this.chunk = new ChunkCopy(this);
    if (chunk.batches.length === 0) return { inserted: 0, conflicts: [] };
    if (await chunk.end()) {
      await this.sql('release savepoint calls_chunk');
      return { inserted: tuples, conflicts: [] };
    }
    await this.sql('rollback to savepoint calls_chunk');
    const result = await this.insertNew(chunk.batches);
    await this.sql('release savepoint calls_chunk');
    return result;
  }

  /** The chunk's calls whose id is not on file yet, through the staging table; and those on file with other data. */
  private async insertNew(batches: Buffer[]): Promise<ChunkResult> {
    if (!this.stagingCreated) {
      await this.sql(`create temp table ${STAGING} (like calls, ord bigint generated always as identity) on commit drop`);
      this.stagingCreated = true;
    }
    await pipeline(Readable.from([COPY_BINARY_HEADER, ...batches, COPY_BINARY_TRAILER]), this.copyFrom(`copy ${STAGING} (${COLUMNS}) from stdin (format binary)`));
    const differs = COMPARED.map(([name, col]) => `case when s.${col} is distinct from x.${col} then '${name}' end`).join(', ');
    const found = await this.sql(
      `select s.ord, s.id, array_remove(array[${differs}], null) as differs
         from ${STAGING} s join calls x on x.id = s.id
        where ${COMPARED.map(([, col]) => `s.${col} is distinct from x.${col}`).join(' or ')}
        order by s.ord`,
    );
    const r = await this.sql(
      `insert into calls (${COLUMNS})
       select ${COLUMNS} from ${STAGING} s
        where not exists (select 1 from calls x where x.id = s.id)`,
    );
    await this.sql(`truncate ${STAGING} restart identity`);
    const conflicts = (found.rows as Array<{ ord: string | number; id: string; differs: string[] }>).map((c) => ({ index: Number(c.ord) - 1, id: c.id, differs: c.differs }));
    return { inserted: r.rowCount ?? 0, conflicts };
  }

  private track<T>(operation: Promise<T>): Promise<T> {
    this.inFlight = operation.catch(() => undefined);
    return operation;
  }

  private refuseIfStopped(): void {
    if (this.stopped) throw new Error('the call import has failed: no more statements');
  }
}

export async function withCallImport<T>(knex: Knex, work: (session: CallImportSession) => Promise<T>): Promise<T> {
  const client = (await knex.client.acquireConnection()) as pg.Client & { __knex__disposed?: unknown };
  const session = new Session(client);
  try {
    await client.query('begin');
    // The lock is its own statement, before any row: every later statement sees all calls on file.
    await client.query('lock table calls in share row exclusive mode');
    const result = await work(session);
    await client.query('commit');
    return result;
  } catch (err) {
    await session.stop();
    // A connection that cannot even roll back is not given back to the pool for reuse.
    await client.query('rollback').catch((e: unknown) => {
      client.__knex__disposed = e;
    });
    throw err;
  } finally {
    await knex.client.releaseConnection(client);
  }
}
