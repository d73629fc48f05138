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
  /** Ends the current chunk of `tuples` calls with distinct ids; answers how many of them were new. */
  endChunk(tuples: number): Promise<number>;
}

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

  endChunk(tuples: number): Promise<number> {
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

  private async endChunkNow(tuples: number): Promise<number> {
    const chunk = this.chunk;
    this.chunk = new ChunkCopy(this);
    if (chunk.batches.length === 0) return 0;
    if (await chunk.end()) {
      await this.sql('release savepoint calls_chunk');
      return tuples;
    }
    await this.sql('rollback to savepoint calls_chunk');
    const inserted = await this.insertNew(chunk.batches);
    await this.sql('release savepoint calls_chunk');
    return inserted;
  }

  /** The chunk's calls whose id is not on file yet, through the staging table. */
  private async insertNew(batches: Buffer[]): Promise<number> {
    if (!this.stagingCreated) {
      await this.sql(`create temp table ${STAGING} (like calls) on commit drop`);
      this.stagingCreated = true;
    }
    await pipeline(Readable.from([COPY_BINARY_HEADER, ...batches, COPY_BINARY_TRAILER]), this.copyFrom(`copy ${STAGING} (${COLUMNS}) from stdin (format binary)`));
    const r = await this.sql(
      `insert into calls (${COLUMNS})
       select ${COLUMNS} from ${STAGING} s
        where not exists (select 1 from calls x where x.id = s.id)`,
    );
    await this.sql(`truncate ${STAGING}`);
    return r.rowCount ?? 0;
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
