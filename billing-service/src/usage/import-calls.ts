/**
 * Imports call detail records (§2.A6 电话费单算, SPEC §7) from a stream: the one code path of
 * `POST /v1/calls` (CSV or JSON) and of `npm run import-calls`. No Express here.
 *
 * One pass over the stream, with PostgreSQL taking the rows while the next ones are read:
 * 1. CSV text is read record by record (csv-records.ts, around papaparse), each row checked
 *    (`CallChecker`); a bad row is reported with its row number.
 * 2. The first row of a contract fetches its facts, which give its live period
 *    (`livePeriodOf`); rows outside it are reported.
 * 3. A good row is rated (Asia/Shanghai month, billable minutes) and becomes a binary COPY tuple;
 *    the rows go to `calls` in chunks of distinct ids (call-import.repository.ts), idempotent by
 *    record id: the first row of an id wins, an imported call is never changed. Memory holds
 *    one chunk, whatever the size of the file. Rating stays in the engine (phone.rule.ts).
 */
import { Transform, Writable, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Knex } from 'knex';
import { AppError } from '@seatlease/shared/src/errors';
import type { BillingFacts } from '@seatlease/shared/src/billing-facts';
import { shanghaiDate, type IsoDate } from '@seatlease/shared/src/dates';
import { CallChecker, readHeader, type HeaderMap } from './call-record';
import { BatchBlocks, CallTuples, uuidBytes, type TupleBatch } from './call-tuples';
import { withCallImport, type CallImportSession } from './call-import.repository';
import { ChunkIds } from './chunk-ids';
import { CsvRecordReader } from './csv-records';
import { lateCallsClosed, livePeriodOf, notFoundLiveness, outsideMessage, type LivePeriod } from './live-period';

/** The rejected list is capped; the answer says how many more there were. */
export const MAX_LISTED_REJECTIONS = 1000;
/** Contracts checked per import; rows of further contracts are rejected (import them apart). */
export const MAX_CONTRACTS_PER_IMPORT = 1000;
/** Data rows per import (a 64 MB upload holds about 1 million). */
const DEFAULT_MAX_ROWS = 20_000_000;
/** A CSV record longer than this is not a call record. */
export const MAX_CSV_RECORD_BYTES = 16 * 1024;
/**
 * Calls per chunk: a chunk is COPYed in one savepoint, and kept in memory (about 5 MB) until it
 * is stored, in case one of its ids is already on file. Larger chunks gain nothing measurable.
 */
export const CHUNK_CALLS = 50_000;
/** COPY data goes to PostgreSQL in batches of about this size. */
const BATCH_BYTES = 128 * 1024;
/** `onRows` is told every this many rows. */
const PROGRESS_EVERY_ROWS = 4096;
/** Contracts whose facts are fetched at once. */
const FACTS_CONCURRENCY = 8;
/** JSON rows checked together, so that the facts of their contracts are fetched together. */
const OBJECT_BATCH_ROWS = 1024;
/** Batches read ahead while PostgreSQL ends a chunk (2 MB). */
const BATCHES_AHEAD = 16;

export interface RowRejection {
  row: number;
  message: string;
}

/** A row whose id is on file with other data: not stored, reported (decision 0019). */
export interface RowConflict {
  row: number;
  id: string;
  /** The fields that differ from the call on file: contractId, seat, startedAt, durationSeconds, callType. */
  differs: string[];
}

export interface ImportSummary {
  /** Data rows read (the CSV header excluded). */
  rows: number;
  /** New calls stored. */
  accepted: number;
  /** Rows whose id was already on file, with the same data, or earlier in this import: counted, not stored again. */
  duplicates: number;
  /** The first MAX_LISTED_REJECTIONS rows whose id is on file with other data (not stored: void the call first to replace it). */
  conflicts: RowConflict[];
  conflictsTotal: number;
  /** The first MAX_LISTED_REJECTIONS rejected rows, by row number. */
  rejected: RowRejection[];
  rejectedTotal: number;
  /** Rejected rows not listed (rejectedTotal − rejected.length). */
  rejectedOmitted: number;
}

export interface ImportCallsOptions {
  /** `csv`: a byte stream with a header line; `objects`: an object-mode stream of raw rows (JSON). */
  format: 'csv' | 'objects';
  /** The contract of rows that name none (`?contractId=`). Must already be a valid UUID. */
  defaultContractId: string | null;
  /** A contract's BillingFacts, or null when it does not exist. Other failures abort the import. */
  factsOf: (contractId: string) => Promise<BillingFacts | null>;
  /** Stored as `imported_at` (the caller's clock). */
  nowMs: number;
  /** Told the number of data rows read so far, about every batch. */
  onRows?: (rows: number) => void;
  maxRows?: number;
  /** Calls per chunk, CHUNK_CALLS unless given (tests cross chunk boundaries with small ones). */
  chunkCalls?: number;
}

/** What the import knows of a contract: where its calls may lie, or why it can have none. */
type ContractCalls = { period: LivePeriod; uuid: Buffer } | { reason: string };

/** One batch of COPY tuples for the store; the last of a chunk says how many calls the chunk holds, and their rows. */
/** A row that repeats an id already in its chunk: compared with the call stored, after the chunk. */
interface Repeat {
  row: number;
  id: string;
  contractId: string;
  seat: string;
  startedAtMs: number;
  durationSeconds: number;
  callType: string;
}

interface ChunkBatch extends TupleBatch {
  chunkCalls: number | null;
  /** The last batch of a chunk: its rows that repeat an id of the chunk (rare: a list, not a table). */
  chunkRepeats: Repeat[] | null;
  /** The last batch of a chunk: the data row of each of its calls, in chunk order. */
  chunkRows: Int32Array | null;
}

/** A record as read: CSV fields (string[]), or one JSON value of any shape. */
type SourceRecord = unknown;

/**
 * Checks rows, learns their contracts, and turns the good ones into COPY tuples in chunks of
 * distinct ids; bad rows are counted and the first listed, duplicates inside a chunk counted.
 */
class CallRows extends Transform {
  rows = 0;
  duplicates = 0;
  rejectedTotal = 0;
  readonly rejected: RowRejection[] = [];
  private header: HeaderMap | null = null;
  private readonly reader: CsvRecordReader | null;
  private readonly checker: CallChecker;
  private readonly tuples: CallTuples;
  private readonly contracts = new Map<string, ContractCalls>();
  private lastContractId = '';
  private lastContract: ContractCalls | undefined;
  /** Ids in the current chunk: a later row with one of them is a duplicate. */
  private readonly chunkIds: ChunkIds;
  /** The data row of each call of the current chunk, in chunk order (to name a conflicting row). */
  private chunkRows: Int32Array;
  private chunkRepeats: Repeat[] = [];
  /** The blocks of the current chunk's COPY data, the one being filled last. */
  private chunkBlocks: Buffer[];
  private pendingObjects: unknown[] = [];
  private readonly maxRows: number;

  constructor(
    private readonly opts: ImportCallsOptions,
    blocks: BatchBlocks,
  ) {
    const csv = opts.format === 'csv';
    super({ writableObjectMode: !csv, readableObjectMode: true, writableHighWaterMark: csv ? 64 * 1024 : 64, readableHighWaterMark: BATCHES_AHEAD });
    this.reader = csv ? new CsvRecordReader(MAX_CSV_RECORD_BYTES) : null;
    this.checker = new CallChecker({ defaultContractId: opts.defaultContractId, textFields: csv });
    this.tuples = new CallTuples(opts.nowMs, blocks);
    this.chunkBlocks = [this.tuples.block];
    this.maxRows = opts.maxRows ?? DEFAULT_MAX_ROWS;
    this.chunkIds = new ChunkIds(opts.chunkCalls ?? CHUNK_CALLS);
    this.chunkRows = new Int32Array(this.chunkIds.capacity);
  }

  override _transform(input: unknown, _enc: BufferEncoding, cb: TransformCallback): void {
    if (this.reader === null) {
      this.pendingObjects.push(input);
      if (this.pendingObjects.length < OBJECT_BATCH_ROWS) return cb();
      const batch = this.pendingObjects;
      this.pendingObjects = [];
      this.readRecords(batch).then(() => cb(), cb);
    } else {
      let records: string[][];
      try {
        records = this.reader.push(input as Buffer);
      } catch (err) {
        return cb(err as Error);
      }
      this.readRecords(records).then(() => cb(), cb);
    }
  }

  override _flush(cb: TransformCallback): void {
    let last: SourceRecord[];
    try {
      last = this.reader === null ? this.pendingObjects : this.reader.end();
    } catch (err) {
      return cb(err as Error);
    }
    this.readRecords(last).then(() => {
      if (this.reader !== null && this.header === null) {
        return cb(new AppError('validation', 'the CSV is empty: it needs a header line id,seat,startedAt,durationSeconds,callType[,contractId]'));
      }
      this.endChunk();
      this.opts.onRows?.(this.rows);
      cb();
    }, cb);
  }

  private async readRecords(records: SourceRecord[]): Promise<void> {
    for (let i = 0; i < records.length; i++) {
      while (!this.readRecord(records[i])) await this.learnContracts(records, i);
    }
  }

  /** Reads one record; false, having read nothing, when the facts of its contract must be fetched first. */
  private readRecord(record: SourceRecord): boolean {
    if (this.reader !== null && this.header === null) {
      const h = readHeader(record as string[]);
      if (!h.ok) throw new AppError('validation', h.message, [{ path: '(header)', message: h.message }]);
      this.header = h.header;
      return true;
    }
    const row = this.rows + 1;
    const shape = this.shapeProblem(record);
    if (shape !== null) return this.reject(row, shape);
    if (row > this.maxRows) throw new AppError('too_large', `an import holds at most ${this.maxRows} rows; split the file`);
    const problem = this.check(record);
    if (problem !== null) return this.reject(row, problem);
    const contract = this.contractOf(this.checker.contractId);
    if (contract === undefined) {
      if (this.contracts.size < MAX_CONTRACTS_PER_IMPORT) return false;
      return this.reject(row, `more than ${MAX_CONTRACTS_PER_IMPORT} contracts in one import: import contract ${this.checker.contractId}'s calls separately`);
    }
    if ('reason' in contract) return this.reject(row, contract.reason);
    const at = this.checker.startedAt.epochMs;
    if (at < contract.period.fromMs || at >= contract.period.untilMs) return this.reject(row, outsideMessage(contract.period));
    this.keep(contract.uuid, row);
    this.counted(row);
    return true;
  }

  /** Why the record is not a row at all (a wrong number of CSV fields, a JSON non-object), or null. */
  private shapeProblem(record: SourceRecord): string | null {
    if (this.header !== null) {
      const fields = record as string[];
      return fields.length === this.header.width ? null : `expected ${this.header.width} fields as in the header, found ${fields.length}`;
    }
    return typeof record === 'object' && record !== null && !Array.isArray(record) ? null : 'must be an object {id, seat, startedAt, durationSeconds, callType, contractId?}';
  }

  private check(record: SourceRecord): string | null {
    const h = this.header;
    if (h !== null) {
      const f = record as string[];
      const i = h.index;
      return this.checker.check(f[i.id], f[i.seat], f[i.startedAt], f[i.durationSeconds], f[i.callType], i.contractId === -1 ? undefined : f[i.contractId]);
    }
    const o = record as Record<string, unknown>;
    return this.checker.check(o.id, o.seat, o.startedAt, o.durationSeconds, o.callType, o.contractId);
  }

  private contractOf(id: string): ContractCalls | undefined {
    if (id !== this.lastContractId) {
      this.lastContractId = id;
      this.lastContract = this.contracts.get(id);
    }
    return this.lastContract;
  }

  /**
   * Fetches the facts of the contracts first named from `records[from]` on (in row order, up
   * to the limit), several at once: a file may name many contracts.
   */
  private async learnContracts(records: SourceRecord[], from: number): Promise<void> {
    const wanted = new Set<string>();
    for (let i = from; i < records.length && this.contracts.size + wanted.size < MAX_CONTRACTS_PER_IMPORT; i++) {
      if (this.shapeProblem(records[i]) !== null || this.check(records[i]) !== null) continue;
      if (!this.contracts.has(this.checker.contractId)) wanted.add(this.checker.contractId);
    }
    const ids = [...wanted];
    const facts = await mapLimit(ids, FACTS_CONCURRENCY, this.opts.factsOf);
    for (const [i, id] of ids.entries()) this.contracts.set(id, contractCalls(id, facts[i]!, shanghaiDate(this.opts.nowMs)));
    this.lastContractId = '';
  }

  /** Queues the checked call unless its id is already in this chunk. */
  private keep(contract: Buffer, row: number): void {
    const tuples = this.tuples;
    if (this.chunkIds.has(this.checker.id, this.chunkBlocks)) {
      // Duplicate or conflict: the store compares it with the call its chunk stored for the id.
      const c = this.checker;
      this.chunkRepeats.push({ row, id: c.id, contractId: c.contractId, seat: c.seat, startedAtMs: c.startedAt.epochMs, durationSeconds: c.durationSeconds, callType: c.callType });
      return;
    }
    this.chunkRows[this.chunkIds.size] = row;
    tuples.add(this.checker, contract);
    this.chunkIds.add(this.chunkBlocks.length - 1, tuples.idStart, tuples.idBytes);
    if (this.chunkIds.size >= this.chunkIds.capacity) this.endChunk();
    else if (tuples.full) {
      this.push({ ...tuples.take(), chunkCalls: null, chunkRows: null, chunkRepeats: null } satisfies ChunkBatch);
      this.chunkBlocks.push(tuples.block);
    }
  }

  private endChunk(): void {
    if (this.chunkIds.size === 0) return;
    this.push({ ...this.tuples.take(), chunkCalls: this.chunkIds.size, chunkRows: this.chunkRows.slice(0, this.chunkIds.size), chunkRepeats: this.chunkRepeats } satisfies ChunkBatch);
    this.chunkRepeats = [];
    this.chunkIds.clear();
    this.chunkBlocks = [this.tuples.block];
  }

  private reject(row: number, message: string): true {
    this.rejectedTotal++;
    if (this.rejected.length < MAX_LISTED_REJECTIONS) this.rejected.push({ row, message });
    this.counted(row);
    return true;
  }

  private counted(row: number): void {
    this.rows = row;
    if (row % PROGRESS_EVERY_ROWS === 0) this.opts.onRows?.(row);
  }
}

function contractCalls(id: string, facts: BillingFacts | null, today: IsoDate): ContractCalls {
  const l = facts ? livePeriodOf(facts) : notFoundLiveness(id);
  if (!l.live) return { reason: l.reason };
  const closed = lateCallsClosed(l.period, today);
  return closed === null ? { period: l.period, uuid: uuidBytes(id) } : { reason: closed };
}

/** Hands the tuple batches to PostgreSQL, chunk by chunk, and counts what was stored. */
class CallStore extends Writable {
  accepted = 0;
  duplicates = 0;
  conflictsTotal = 0;
  readonly conflicts: RowConflict[] = [];
  private chunkBlocks: Buffer[] = [];

  constructor(
    private readonly session: CallImportSession,
    private readonly blocks: BatchBlocks,
  ) {
    super({ objectMode: true, highWaterMark: BATCHES_AHEAD });
  }

  override _write(batch: ChunkBatch, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.store(batch).then(() => cb(), cb);
  }

  private async store(batch: ChunkBatch): Promise<void> {
    this.chunkBlocks.push(batch.block);
    if (batch.bytes.length > 0) await this.session.write(batch.bytes);
    if (batch.chunkCalls === null) return;
    const { inserted, conflicts } = await this.session.endChunk(batch.chunkCalls);
    this.accepted += inserted;
    this.duplicates += batch.chunkCalls - inserted - conflicts.length;
    this.conflictsTotal += conflicts.length;
    const found: RowConflict[] = conflicts.map((c) => ({ row: batch.chunkRows![c.index]!, id: c.id, differs: c.differs }));
    const repeats = batch.chunkRepeats ?? [];
    if (repeats.length > 0) {
      const byId = new Map((await this.session.stored([...new Set(repeats.map((r) => r.id))])).map((c) => [c.id, c]));
      for (const r of repeats) {
        const on = byId.get(r.id)!;
        const differs = [
          on.contract_id !== r.contractId ? 'contractId' : null,
          on.seat !== r.seat ? 'seat' : null,
          on.started_at.getTime() !== r.startedAtMs ? 'startedAt' : null,
          on.duration_seconds !== r.durationSeconds ? 'durationSeconds' : null,
          on.call_type !== r.callType ? 'callType' : null,
        ].filter((f): f is string => f !== null);
        if (differs.length > 0) found.push({ row: r.row, id: r.id, differs });
        else this.duplicates++;
      }
      found.sort((a, b) => a.row - b.row);
    }
    this.conflictsTotal += found.length - conflicts.length;
    for (const c of found) {
      if (this.conflicts.length >= MAX_LISTED_REJECTIONS) break;
      this.conflicts.push(c);
    }
    this.blocks.giveBack(this.chunkBlocks);
    this.chunkBlocks = [];
  }
}

/** The reader's own errors (an unclosed quote, a malformed closing quote, an oversized record) make the file unreadable: 400. */
function asCsvError(err: unknown): unknown {
  const code = (err as { code?: unknown })?.code;
  if (typeof code === 'string' && code.startsWith('CSV_')) {
    const message = `the CSV cannot be read: ${(err as Error).message}`;
    return new AppError('validation', message, [{ path: '(body)', message }]);
  }
  return err;
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export async function importCalls(knex: Knex, source: Readable, opts: ImportCallsOptions): Promise<ImportSummary> {
  return withCallImport(knex, async (session) => {
    const blocks = new BatchBlocks(BATCH_BYTES);
    const rows = new CallRows(opts, blocks);
    const store = new CallStore(session, blocks);
    try {
      await pipeline(source, rows, store);
    } catch (err) {
      throw asCsvError(err);
    }
    const rejected = rows.rejected;
    return {
      rows: rows.rows,
      accepted: store.accepted,
      duplicates: rows.duplicates + store.duplicates,
      conflicts: store.conflicts,
      conflictsTotal: store.conflictsTotal,
      rejected,
      rejectedTotal: rows.rejectedTotal,
      rejectedOmitted: rows.rejectedTotal - rejected.length,
    };
  });
}

/** One line for logs and the CLI. */
export function summaryLine(s: ImportSummary): string {
  return `rows ${s.rows}, accepted ${s.accepted}, duplicates ${s.duplicates}, conflicts ${s.conflictsTotal}, rejected ${s.rejectedTotal}`;
}
