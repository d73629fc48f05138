/**
 * Imports call detail records (§2.A6 电话费单算, SPEC §7) from a stream: the one code path of
 * `POST /v1/calls` (CSV or JSON) and of `npm run import-calls`. No Express here.
 *
 * 1. Stream: CSV text is parsed record by record (csv-parse), each row checked (`checkCall`);
 *    a bad row is reported with its row number, a good one is COPYed into a staging table.
 *    Memory holds one batch of COPY text, whatever the size of the file.
 * 2. Contracts: the facts of the contracts the staged rows name (usually one) give each its live
 *    period (`livePeriodOf`); rows outside it are reported, set-based.
 * 3. One INSERT … SELECT … WHERE NOT EXISTS, imports taking turns: idempotent by record id, an imported call
 *    is never changed. Rating stays in the engine (phone.rule.ts).
 */
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import type { Knex } from 'knex';
import { AppError } from '@seatlease/shared/src/errors';
import type { BillingFacts } from '@seatlease/shared/src/billing-facts';
import { checkCall, copyLine, rawFromFields, readHeader, type HeaderMap, type RawCall } from './call-record';
import { livePeriodOf, notFoundLiveness, outsideMessage, type Liveness } from './live-period';
import { withCallStaging, type LiveWindow } from './call-staging.repository';

/** The rejected list is capped; the answer says how many more there were. */
export const MAX_LISTED_REJECTIONS = 1000;
/** Contracts checked per import; rows of further contracts are rejected (import them apart). */
export const MAX_CONTRACTS_PER_IMPORT = 1000;
/** Data rows per import (a 64 MB upload holds about 1 million). */
export const DEFAULT_MAX_ROWS = 20_000_000;
/** A CSV record longer than this is not a call record. */
export const MAX_CSV_RECORD_BYTES = 16 * 1024;
/** COPY text is sent in batches of about this size. */
const COPY_BATCH_CHARS = 256 * 1024;
/** `onRows` is told every this many rows. */
const PROGRESS_EVERY_ROWS = 4096;
/** Contracts whose facts are fetched at once. */
const FACTS_CONCURRENCY = 8;

export interface RowRejection {
  row: number;
  message: string;
}

export interface ImportSummary {
  /** Data rows read (the CSV header excluded). */
  rows: number;
  /** New calls stored. */
  accepted: number;
  /** Rows whose id was already on file or earlier in this import: counted, not stored again. */
  duplicates: number;
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
}

/** Checks rows and turns the good ones into COPY text; bad ones are counted and the first listed. */
class RowStager extends Transform {
  rows = 0;
  /** Rows that passed the checks and went to the staging table. */
  staged = 0;
  rejectedTotal = 0;
  readonly rejected: RowRejection[] = [];
  private header: HeaderMap | null = null;
  private batch = '';

  constructor(private readonly opts: ImportCallsOptions) {
    super({ writableObjectMode: true, readableObjectMode: false, writableHighWaterMark: 64 });
  }

  private reject(row: number, message: string): void {
    this.rejectedTotal++;
    if (this.rejected.length < MAX_LISTED_REJECTIONS) this.rejected.push({ row, message });
  }

  override _transform(record: unknown, _enc: BufferEncoding, cb: TransformCallback): void {
    const csv = this.opts.format === 'csv';
    let raw: RawCall;
    if (csv) {
      const fields = record as string[];
      if (this.header === null) {
        const h = readHeader(fields);
        if (!h.ok) return cb(new AppError('validation', h.message, [{ path: '(header)', message: h.message }]));
        this.header = h.header;
        return cb();
      }
      this.rows++;
      if (fields.length !== this.header.width) {
        this.reject(this.rows, `expected ${this.header.width} fields as in the header, found ${fields.length}`);
        return this.next(cb);
      }
      raw = rawFromFields(fields, this.header);
    } else {
      this.rows++;
      if (typeof record !== 'object' || record === null || Array.isArray(record)) {
        this.reject(this.rows, 'must be an object {id, seat, startedAt, durationSeconds, callType, contractId?}');
        return this.next(cb);
      }
      raw = record as RawCall;
    }
    if (this.rows > (this.opts.maxRows ?? DEFAULT_MAX_ROWS)) {
      return cb(new AppError('too_large', `an import holds at most ${this.opts.maxRows ?? DEFAULT_MAX_ROWS} rows; split the file`));
    }
    const checked = checkCall(raw, this.rows, { defaultContractId: this.opts.defaultContractId, textFields: csv });
    if (checked.ok) {
      this.batch += copyLine(checked.call);
      this.staged++;
    } else this.reject(this.rows, checked.message);
    this.next(cb);
  }

  private next(cb: TransformCallback): void {
    if (this.batch.length >= COPY_BATCH_CHARS) {
      this.push(this.batch, 'utf8');
      this.batch = '';
    }
    if (this.rows % PROGRESS_EVERY_ROWS === 0) this.opts.onRows?.(this.rows);
    cb();
  }

  override _flush(cb: TransformCallback): void {
    if (this.opts.format === 'csv' && this.header === null) {
      return cb(new AppError('validation', 'the CSV is empty: it needs a header line id,seat,startedAt,durationSeconds,callType[,contractId]'));
    }
    if (this.batch.length > 0) this.push(this.batch, 'utf8');
    this.batch = '';
    this.opts.onRows?.(this.rows);
    cb();
  }
}

function csvParser() {
  return parse({
    bom: true,
    trim: true,
    skip_empty_lines: true,
    // A stray quote inside an unquoted field is data, not a broken file.
    relax_quotes: true,
    // A row with a wrong number of fields is a bad row (reported), not a broken file.
    relax_column_count: true,
    max_record_size: MAX_CSV_RECORD_BYTES,
  });
}

/** csv-parse's own errors (an unclosed quote, an oversized record) make the file unreadable: 400. */
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

/** Merges two row-ordered lists of rejections, keeping the first `limit`. */
function mergeByRow(a: RowRejection[], b: RowRejection[], limit: number): RowRejection[] {
  const out: RowRejection[] = [];
  let i = 0;
  let j = 0;
  while (out.length < limit && (i < a.length || j < b.length)) {
    if (j >= b.length || (i < a.length && a[i]!.row <= b[j]!.row)) out.push(a[i++]!);
    else out.push(b[j++]!);
  }
  return out;
}

export async function importCalls(knex: Knex, source: Readable, opts: ImportCallsOptions): Promise<ImportSummary> {
  const stager = new RowStager(opts);
  return withCallStaging(knex, async (staging) => {
    const stages = opts.format === 'csv' ? [source, csvParser(), stager, staging.copyIn()] : [source, stager, staging.copyIn()];
    try {
      await pipeline(stages as unknown as [Readable, ...NodeJS.WritableStream[]]);
    } catch (err) {
      throw asCsvError(err);
    }

    // The contracts named by the good rows, and when each was live.
    const contractIds = await staging.stagedContracts(MAX_CONTRACTS_PER_IMPORT + 1);
    const checked = contractIds.slice(0, MAX_CONTRACTS_PER_IMPORT);
    const liveness = new Map<string, Liveness>();
    const found = await mapLimit(checked, FACTS_CONCURRENCY, opts.factsOf);
    for (const [i, id] of checked.entries()) liveness.set(id, found[i] ? livePeriodOf(found[i]!) : notFoundLiveness(id));
    const windows: LiveWindow[] = [];
    for (const l of liveness.values()) if (l.live) windows.push(l.period);

    const outside = await staging.outsideRows(windows, MAX_LISTED_REJECTIONS);
    const outsideListed = outside.first.map(({ row, contractId }) => {
      const l = liveness.get(contractId);
      const message = !l
        ? `more than ${MAX_CONTRACTS_PER_IMPORT} contracts in one import: import contract ${contractId}'s calls separately`
        : l.live
          ? outsideMessage(l.period)
          : l.reason;
      return { row, message };
    });
    const inserted = await staging.insertLive(windows, opts.nowMs);
    // Every staged row is either outside (rejected) or live: inserted, or a duplicate.
    const live = stager.staged - outside.total;

    const rejectedTotal = stager.rejectedTotal + outside.total;
    const rejected = mergeByRow(stager.rejected, outsideListed, MAX_LISTED_REJECTIONS);
    return {
      rows: stager.rows,
      accepted: inserted,
      duplicates: live - inserted,
      rejected,
      rejectedTotal,
      rejectedOmitted: rejectedTotal - rejected.length,
    };
  });
}

/** One line for logs and the CLI. */
export function summaryLine(s: ImportSummary): string {
  return `rows ${s.rows}, accepted ${s.accepted}, duplicates ${s.duplicates}, rejected ${s.rejectedTotal}`;
}
