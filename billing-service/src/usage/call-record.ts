/**
 * One call detail record (§2.A6 电话费单算, SPEC §7) and the checks every row passes before it
 * is imported. Pure code over plain values: the import streams each row through a
 * `CallChecker`; what fails is reported with its row number, what passes is rated and copied
 * into `calls` (call-tuples.ts).
 */
import type { CallType } from '@seatlease/shared/src/billing-facts';
// The row's limits are the API reference's (shared/src/api/calls.ts, CallRecord).
import { MAX_CALL_DURATION_SECONDS, MAX_CALL_ID_CHARS, MAX_SEAT_CHARS } from '@seatlease/shared/src/api';

export const CALL_TYPES: readonly CallType[] = ['local', 'domestic', 'mobile'];
/** Calls are accepted from this year to that one; outside, the instant is a typo. */
const MIN_CALL_YEAR = 1970;
const MAX_CALL_YEAR = 2999;

/** The CSV header: these columns in any order; `contractId` may be left out (then `?contractId=`). */
export const REQUIRED_COLUMNS = ['id', 'seat', 'startedAt', 'durationSeconds', 'callType'] as const;
export const OPTIONAL_COLUMNS = ['contractId'] as const;
export type CallColumn = (typeof REQUIRED_COLUMNS)[number] | (typeof OPTIONAL_COLUMNS)[number];

export interface CheckOptions {
  /** The `?contractId=` (or JSON body `contractId`) used when a row names none. Lowercase UUID. */
  defaultContractId: string | null;
  /** CSV fields are text: `durationSeconds` is then read from its digits. JSON needs a number. */
  textFields: boolean;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID_RE.test(value);
}

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeapYear(y) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** An instant as PostgreSQL reads it into a timestamptz: whole seconds since 1970 and microseconds. */
export class CallInstant {
  seconds = 0;
  /** 0 to 999,999 (PostgreSQL's rounding of a longer fraction carries into `seconds`). */
  micros = 0;

  /** Milliseconds since 1970, the fraction dropped: compared with live periods and months, which start on whole days. */
  get epochMs(): number {
    return this.seconds * 1000 + Math.floor(this.micros / 1000);
  }
}

const DIGIT_0 = 48;

/** The number written by the `count` ASCII digits at `at`, or -1. */
function digitsAt(value: string, at: number, count: number): number {
  let n = 0;
  for (let i = at; i < at + count; i++) {
    const d = value.charCodeAt(i) - DIGIT_0;
    if (!(d >= 0 && d <= 9)) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** Days from 1970-01-01 to a civil date (proleptic Gregorian). */
function epochDay(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** PostgreSQL rounds a fraction of a second to microseconds with rint(): halves to even. */
function rintMicros(fraction: string): number {
  const x = Number(fraction) * 1_000_000;
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * Reads an ISO 8601 instant with an explicit offset (`2027-05-03T10:00:00+08:00`, `…Z`) into
 * `out`, field by field without a regular expression or a date object: a million rows pass
 * through here. Stricter than `isInstant` from shared (years 1970–2999, offsets up to ±14:59,
 * which Postgres also reads), never looser — a property test holds the two together — and the
 * instant is the one PostgreSQL stores (call-tuples.test.ts compares them).
 */
export function readCallInstant(value: string, out: CallInstant): boolean {
  const n = value.length;
  if (n < 17 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45 || value.charCodeAt(10) !== 84 || value.charCodeAt(13) !== 58) return false;
  const year = digitsAt(value, 0, 4);
  const month = digitsAt(value, 5, 2);
  const day = digitsAt(value, 8, 2);
  const hour = digitsAt(value, 11, 2);
  const minute = digitsAt(value, 14, 2);
  if (year < MIN_CALL_YEAR || year > MAX_CALL_YEAR || month < 1 || month > 12) return false;
  if (day < 1 || day > daysInMonth(year, month) || hour < 0 || hour > 23 || minute < 0 || minute > 59) return false;
  let at = 16;
  let second = 0;
  let micros = 0;
  if (value.charCodeAt(at) === 58) {
    second = digitsAt(value, at + 1, 2);
    if (second < 0 || second > 59) return false;
    at += 3;
    if (value.charCodeAt(at) === 46) {
      let end = at + 1;
      while (end < n && digitsAt(value, end, 1) >= 0) end++;
      if (end === at + 1 || end - at - 1 > 9) return false;
      micros = rintMicros(value.slice(at, end));
      at = end;
    }
  }
  let offsetSeconds = 0;
  const sign = value.charCodeAt(at);
  if (sign === 90) {
    if (at + 1 !== n) return false;
  } else if (sign === 43 || sign === 45) {
    if (at + 6 !== n || value.charCodeAt(at + 3) !== 58) return false;
    const oh = digitsAt(value, at + 1, 2);
    const om = digitsAt(value, at + 4, 2);
    if (oh < 0 || oh > 14 || om < 0 || om > 59) return false;
    offsetSeconds = (sign === 43 ? 1 : -1) * (oh * 3600 + om * 60);
  } else return false;
  out.seconds = epochDay(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds + (micros === 1_000_000 ? 1 : 0);
  out.micros = micros === 1_000_000 ? 0 : micros;
  return true;
}

/** `value.trim() === ''`, without building the trimmed string for the usual id or seat. */
function isBlank(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c > 32 && c < 0x7f) return false;
  }
  return value.trim() === '';
}

/** Control characters mean a corrupt file (and would end a field in PostgreSQL's text formats). */
function hasControl(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 32 || c === 0x7f) return true;
  }
  return false;
}

/** Reads `durationSeconds` as CSV gives it: one to nine ASCII digits; -1 otherwise. */
function durationOfText(value: string): number {
  return value.length >= 1 && value.length <= 9 ? digitsAt(value, 0, value.length) : -1;
}

function callTypeOf(value: string): CallType | undefined {
  return value === 'local' || value === 'domestic' || value === 'mobile' ? value : undefined;
}

function joined(problems: string, problem: string): string {
  return problems === '' ? problem : `${problems}; ${problem}`;
}

/**
 * The checks of one row, keeping what it read in its own fields: one checker serves a whole
 * import, so that a million rows allocate nothing here but their messages.
 */
export class CallChecker {
  id = '';
  seat = '';
  contractId = '';
  durationSeconds = 0;
  callType: CallType = 'local';
  readonly startedAt = new CallInstant();

  constructor(private readonly options: CheckOptions) {}

  /** null when the row is good (its values are then in this checker), else every failing field named in column order. */
  check(id: unknown, seat: unknown, startedAt: unknown, durationSeconds: unknown, callType: unknown, contractId: unknown): string | null {
    let problems = '';

    if (typeof id !== 'string' || isBlank(id)) problems = joined(problems, 'id must not be empty');
    else if (id.length > MAX_CALL_ID_CHARS) problems = joined(problems, `id must be at most ${MAX_CALL_ID_CHARS} characters`);
    else if (hasControl(id)) problems = joined(problems, 'id must not contain control characters');
    else this.id = id;

    if (typeof seat !== 'string' || isBlank(seat)) problems = joined(problems, 'seat must not be empty');
    else if (seat.length > MAX_SEAT_CHARS) problems = joined(problems, `seat must be at most ${MAX_SEAT_CHARS} characters`);
    else if (hasControl(seat)) problems = joined(problems, 'seat must not contain control characters');
    else this.seat = seat;

    if (typeof startedAt !== 'string' || !readCallInstant(startedAt, this.startedAt)) {
      problems = joined(problems, 'startedAt must be an ISO 8601 instant with an offset, e.g. 2027-05-03T10:00:00+08:00');
    }

    let duration = -1;
    if (this.options.textFields) {
      if (typeof durationSeconds === 'string') duration = durationOfText(durationSeconds);
    } else if (typeof durationSeconds === 'number' && Number.isInteger(durationSeconds)) {
      duration = durationSeconds;
    }
    if (duration < 0 || duration > MAX_CALL_DURATION_SECONDS) {
      problems = joined(problems, `durationSeconds must be a whole number of seconds from 0 to ${MAX_CALL_DURATION_SECONDS}`);
    } else this.durationSeconds = duration;

    const type = typeof callType === 'string' ? callTypeOf(callType) : undefined;
    if (type === undefined) problems = joined(problems, `callType must be one of ${CALL_TYPES.join(', ')}`);
    else this.callType = type;

    if (contractId === undefined || contractId === null || contractId === '') {
      if (this.options.defaultContractId === null) problems = joined(problems, 'contractId is required: give a contractId column or ?contractId=');
      else this.contractId = this.options.defaultContractId;
    } else if (typeof contractId === 'string' && isUuid(contractId)) {
      this.contractId = contractId.toLowerCase();
    } else {
      problems = joined(problems, 'contractId must be a contract id (UUID)');
    }

    return problems === '' ? null : problems;
  }
}

/** Billable minutes of one call: every started minute counts (§7, 不足一分钟按一分钟). */
export function billableMinutes(durationSeconds: number): number {
  return Math.ceil(durationSeconds / 60);
}

export interface HeaderMap {
  /** Column index of each known column in the CSV, or -1 when absent. */
  index: Record<CallColumn, number>;
  width: number;
}

/** Reads the CSV header; a bad header refuses the file (no row can be read without it). */
export function readHeader(fields: readonly string[]): { ok: true; header: HeaderMap } | { ok: false; message: string } {
  const known = [...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS] as readonly string[];
  const index = Object.fromEntries(known.map((c) => [c, -1])) as Record<CallColumn, number>;
  const unknown: string[] = [];
  for (const [i, raw] of fields.entries()) {
    const name = raw.trim();
    if (!known.includes(name)) unknown.push(name === '' ? `(empty, column ${i + 1})` : name);
    else if (index[name as CallColumn] !== -1) return { ok: false, message: `the CSV header names ${name} twice` };
    else index[name as CallColumn] = i;
  }
  const missing = REQUIRED_COLUMNS.filter((c) => index[c] === -1);
  if (missing.length > 0 || unknown.length > 0) {
    const parts = [];
    if (missing.length > 0) parts.push(`missing ${missing.join(', ')}`);
    if (unknown.length > 0) parts.push(`unknown ${unknown.join(', ')}`);
    return {
      ok: false,
      message: `the CSV header must be ${REQUIRED_COLUMNS.join(',')}[,contractId] (${parts.join('; ')})`,
    };
  }
  return { ok: true, header: { index, width: fields.length } };
}
