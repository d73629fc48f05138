/**
 * Checked calls as rows of `calls` in PostgreSQL's binary COPY format, rated on the way: the
 * Asia/Shanghai month of the call and its billable minutes (§7: every started minute).
 *
 * Binary rather than text because the server then takes each timestamptz, uuid and integer as
 * it is stored instead of parsing it: binary COPY is as fast as a raw COPY of the CSV file into
 * a table of the same shape, text format slower (figures in docs/benchmarks.md, "Call import").
 */
import { billableMinutes, type CallChecker } from './call-record';

/** The columns of every COPY of calls, in tuple order. */
export const CALLS_COPY_COLUMNS = ['id', 'contract_id', 'seat', 'started_at', 'duration_seconds', 'call_type', 'month', 'billable_minutes', 'imported_at'] as const;

/** Signature, flags, header extension length. */
export const COPY_BINARY_HEADER = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]);
/** The field count -1 ends the data. */
export const COPY_BINARY_TRAILER = Buffer.from([0xff, 0xff]);

/** A tuple with the longest id and seat (128 characters, 3 bytes each in UTF-8) fits in this. */
const MAX_TUPLE_BYTES = 1024;
const PG_EPOCH_SECONDS = 946_684_800;
/** Seconds from 2000 within which microseconds stay exact in a double (about ±285 years). */
const EXACT_SECONDS = Math.floor(Number.MAX_SAFE_INTEGER / 1_000_000) - 1;
const TWO_32 = 2 ** 32;
const HOUR_MS = 3_600_000;

/** A contract id as the 16 bytes of a binary uuid. */
export function uuidBytes(uuid: string): Buffer {
  return Buffer.from(uuid.replaceAll('-', ''), 'hex');
}

/** Since 1991-09-15 Asia/Shanghai keeps +08:00 all year; from the next 1 January a fixed offset is exact. */
const FIXED_OFFSET_FROM_MS = Date.UTC(1992, 0, 1) - 8 * HOUR_MS;
const SHANGHAI_MONTH = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' });

/**
 * The Asia/Shanghai month ('YYYY-MM') of instants, as PostgreSQL's
 * `to_char(started_at at time zone 'Asia/Shanghai', 'YYYY-MM')` gives it (call-tuples.test.ts
 * compares them, the summer times of 1986–1991 included). The month of the last call is
 * remembered: the calls of a file usually share one or two.
 */
class ShanghaiMonths {
  private fromMs = 0;
  private untilMs = -1;
  private month = Buffer.alloc(7);

  /** The month of `epochMs` as 7 ASCII bytes (do not keep: the buffer is reused). */
  of(epochMs: number): Buffer {
    if (epochMs >= this.fromMs && epochMs < this.untilMs) return this.month;
    if (epochMs < FIXED_OFFSET_FROM_MS) {
      // Before 1992 China kept summer time some years: ask the time-zone database each time.
      const parts = SHANGHAI_MONTH.formatToParts(epochMs);
      const part = (type: string) => parts.find((p) => p.type === type)!.value;
      this.untilMs = -1;
      this.month = Buffer.from(`${part('year')}-${part('month')}`, 'latin1');
      return this.month;
    }
    const local = new Date(epochMs + 8 * HOUR_MS);
    const y = local.getUTCFullYear();
    const m = local.getUTCMonth();
    this.fromMs = Date.UTC(y, m, 1) - 8 * HOUR_MS;
    this.untilMs = Date.UTC(y, m + 1, 1) - 8 * HOUR_MS;
    this.month = Buffer.from(`${y}-${String(m + 1).padStart(2, '0')}`, 'latin1');
    return this.month;
  }
}

/**
 * Memory for batches, used again once PostgreSQL has acknowledged the chunk they held (not
 * before: the socket may still be sending them). A long import then works in a few dozen
 * blocks instead of leaving one behind per batch for the garbage collector.
 */
export class BatchBlocks {
  private readonly free: Buffer[] = [];

  constructor(readonly batchBytes: number) {}

  take(): Buffer {
    return this.free.pop() ?? Buffer.allocUnsafe(this.batchBytes + MAX_TUPLE_BYTES);
  }

  giveBack(blocks: readonly Buffer[]): void {
    for (const b of blocks) this.free.push(b);
  }
}

/** A batch of tuples: `bytes`, a view on `block`, which goes back to its BatchBlocks when done with. */
export interface TupleBatch {
  bytes: Buffer;
  block: Buffer;
}

/** Binary COPY tuples of `calls`, collected into batches of about `blocks.batchBytes`. */
export class CallTuples {
  private buf: Buffer;
  private at = 0;
  private readonly importedAt = Buffer.alloc(8);
  private readonly months = new ShanghaiMonths();
  /** Where the id of the last tuple added lies in `block`. */
  idStart = 0;
  idBytes = 0;

  constructor(
    importedAtMs: number,
    private readonly blocks: BatchBlocks,
  ) {
    this.buf = blocks.take();
    // As `new Date(ms).toISOString()` did: whole milliseconds.
    putInt64(this.importedAt, 0, (Math.trunc(importedAtMs) - PG_EPOCH_SECONDS * 1000) * 1000);
  }

  /** The block the next tuples go to. */
  get block(): Buffer {
    return this.buf;
  }

  get full(): boolean {
    return this.at >= this.blocks.batchBytes;
  }

  /** Appends the call the checker holds, for the contract whose uuid bytes are given. */
  add(call: CallChecker, contract: Buffer): void {
    const b = this.buf;
    let p = this.at;
    b[p++] = 0;
    b[p++] = CALLS_COPY_COLUMNS.length;
    this.idStart = p + 4;
    p = putText(b, p, call.id);
    this.idBytes = p - this.idStart;
    p = putInt32(b, p, 16);
    p += contract.copy(b, p);
    p = putText(b, p, call.seat);
    p = putInt32(b, p, 8);
    putMicrosSince2000(b, p, call.startedAt.seconds, call.startedAt.micros);
    p += 8;
    p = putInt32(b, p, 4);
    p = putInt32(b, p, call.durationSeconds);
    p = putText(b, p, call.callType);
    p = putInt32(b, p, 7);
    p += this.months.of(call.startedAt.epochMs).copy(b, p);
    p = putInt32(b, p, 4);
    p = putInt32(b, p, billableMinutes(call.durationSeconds));
    p = putInt32(b, p, 8);
    p += this.importedAt.copy(b, p);
    this.at = p;
  }

  /** The batch so far; the next tuples go to another block. */
  take(): TupleBatch {
    const batch = { bytes: this.buf.subarray(0, this.at), block: this.buf };
    this.buf = this.blocks.take();
    this.at = 0;
    return batch;
  }
}

function putInt32(b: Buffer, p: number, v: number): number {
  b[p] = v >>> 24;
  b[p + 1] = v >>> 16;
  b[p + 2] = v >>> 8;
  b[p + 3] = v;
  return p + 4;
}

/** A safe integer as a big-endian two's-complement int64. */
function putInt64(b: Buffer, p: number, v: number): void {
  const hi = Math.floor(v / TWO_32);
  putInt32(b, p, hi);
  putInt32(b, p + 4, v - hi * TWO_32);
}

/** A timestamptz: microseconds since 2000-01-01 UTC. */
function putMicrosSince2000(b: Buffer, p: number, epochSeconds: number, micros: number): void {
  const seconds = epochSeconds - PG_EPOCH_SECONDS;
  if (Math.abs(seconds) <= EXACT_SECONDS) putInt64(b, p, seconds * 1_000_000 + micros);
  else b.writeBigInt64BE(BigInt(seconds) * 1_000_000n + BigInt(micros), p);
}

/** A text field: its UTF-8 length, then its bytes. */
function putText(b: Buffer, p: number, s: string): number {
  const start = p + 4;
  let q = start;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) {
      q = start + b.write(s, start, 'utf8');
      break;
    }
    b[q++] = c;
  }
  putInt32(b, p, q - start);
  return q;
}
