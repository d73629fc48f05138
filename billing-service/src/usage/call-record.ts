/**
 * One call detail record (§2.A6 电话费单算, SPEC §7) and the checks every row passes before it
 * is staged for import. Pure functions over plain values: the import streams each row through
 * `checkCall`; what fails is reported with its row number, what passes becomes one line of
 * Postgres COPY text.
 */
import type { CallType } from '@seatlease/shared/src/billing-facts';

export const CALL_TYPES: readonly CallType[] = ['local', 'domestic', 'mobile'];
export const MAX_CALL_ID_CHARS = 128;
export const MAX_SEAT_CHARS = 128;
/** One day: a longer "call" is a broken switch record, not a call. */
export const MAX_CALL_DURATION_SECONDS = 86_400;
/** Calls are accepted from this year to that one; outside, the instant is a typo. */
export const MIN_CALL_YEAR = 1970;
export const MAX_CALL_YEAR = 2999;

/** The CSV header: these columns in any order; `contractId` may be left out (then `?contractId=`). */
export const REQUIRED_COLUMNS = ['id', 'seat', 'startedAt', 'durationSeconds', 'callType'] as const;
export const OPTIONAL_COLUMNS = ['contractId'] as const;
export type CallColumn = (typeof REQUIRED_COLUMNS)[number] | (typeof OPTIONAL_COLUMNS)[number];

/** A row as it arrives: CSV gives strings (absent column → undefined), JSON gives any value. */
export type RawCall = Partial<Record<CallColumn, unknown>>;

export interface CheckedCall {
  /** 1-based data row (the CSV header is not a row; JSON: the array index + 1). */
  row: number;
  id: string;
  contractId: string;
  seat: string;
  /** As written (ISO 8601 with offset); Postgres reads it into timestamptz. */
  startedAt: string;
  durationSeconds: number;
  callType: CallType;
}

export type CallCheck = { ok: true; call: CheckedCall } | { ok: false; message: string };

export interface CheckOptions {
  /** The `?contractId=` (or JSON body `contractId`) used when a row names none. Lowercase UUID. */
  defaultContractId: string | null;
  /** CSV fields are text: `durationSeconds` is then read from its digits. JSON needs a number. */
  textFields: boolean;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Control characters could break the COPY text format (and mean a corrupt file anyway).
// eslint-disable-next-line no-control-regex
const CONTROL_RE = /[\u0000-\u001f\u007f]/;
const DIGITS_RE = /^\d{1,9}$/;
const INSTANT_PARTS_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

export function isUuid(value: string): boolean {
  return UUID_RE.test(value);
}

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeapYear(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
}

/**
 * An ISO 8601 instant with an explicit offset (`2027-05-03T10:00:00+08:00`, `…Z`), checked
 * field by field without building a date object: a million rows pass through here. Stricter
 * than `isInstant` from shared (years 1970–2999, offsets up to ±14:00, which Postgres also
 * reads), never looser — a property test holds the two together.
 */
export function isCallInstant(value: string): boolean {
  const m = INSTANT_PARTS_RE.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < MIN_CALL_YEAR || year > MAX_CALL_YEAR || month < 1 || month > 12) return false;
  if (day < 1 || day > daysInMonth(year, month)) return false;
  if (Number(m[4]) > 23 || Number(m[5]) > 59 || (m[6] !== undefined && Number(m[6]) > 59)) return false;
  if (m[7] !== undefined && (Number(m[7]) > 14 || Number(m[8]) > 59)) return false;
  return true;
}

function textOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Checks one row; every failing field is named, in column order, in one message. */
export function checkCall(raw: RawCall, row: number, options: CheckOptions): CallCheck {
  const problems: string[] = [];

  const id = textOf(raw.id);
  if (id === undefined || id.trim() === '') problems.push('id must not be empty');
  else if (id.length > MAX_CALL_ID_CHARS) problems.push(`id must be at most ${MAX_CALL_ID_CHARS} characters`);
  else if (CONTROL_RE.test(id)) problems.push('id must not contain control characters');

  const seat = textOf(raw.seat);
  if (seat === undefined || seat.trim() === '') problems.push('seat must not be empty');
  else if (seat.length > MAX_SEAT_CHARS) problems.push(`seat must be at most ${MAX_SEAT_CHARS} characters`);
  else if (CONTROL_RE.test(seat)) problems.push('seat must not contain control characters');

  const startedAt = textOf(raw.startedAt);
  if (startedAt === undefined || !isCallInstant(startedAt)) {
    problems.push('startedAt must be an ISO 8601 instant with an offset, e.g. 2027-05-03T10:00:00+08:00');
  }

  let durationSeconds = -1;
  if (options.textFields) {
    const t = textOf(raw.durationSeconds);
    if (t !== undefined && DIGITS_RE.test(t)) durationSeconds = Number(t);
  } else if (typeof raw.durationSeconds === 'number' && Number.isInteger(raw.durationSeconds)) {
    durationSeconds = raw.durationSeconds;
  }
  if (durationSeconds < 0 || durationSeconds > MAX_CALL_DURATION_SECONDS) {
    problems.push(`durationSeconds must be a whole number of seconds from 0 to ${MAX_CALL_DURATION_SECONDS}`);
  }

  const callType = textOf(raw.callType);
  if (callType === undefined || !(CALL_TYPES as readonly string[]).includes(callType)) {
    problems.push(`callType must be one of ${CALL_TYPES.join(', ')}`);
  }

  const given = raw.contractId;
  let contractId: string | null = null;
  if (given === undefined || given === null || given === '') {
    contractId = options.defaultContractId;
    if (contractId === null) problems.push('contractId is required: give a contractId column or ?contractId=');
  } else if (typeof given === 'string' && isUuid(given)) {
    contractId = given.toLowerCase();
  } else {
    problems.push('contractId must be a contract id (UUID)');
  }

  if (problems.length > 0) return { ok: false, message: problems.join('; ') };
  return {
    ok: true,
    call: { row, id: id!, contractId: contractId!, seat: seat!, startedAt: startedAt!, durationSeconds, callType: callType as CallType },
  };
}

function copyText(value: string): string {
  // Control characters were refused above, so the backslash is the one character to escape.
  return value.includes('\\') ? value.replaceAll('\\', '\\\\') : value;
}

/** The staging columns, in COPY order. */
export const STAGING_COLUMNS = ['row_no', 'id', 'contract_id', 'seat', 'started_at', 'duration_seconds', 'call_type'] as const;

/** One line of Postgres COPY text format for a checked call, in `STAGING_COLUMNS` order. */
export function copyLine(c: CheckedCall): string {
  return `${c.row}\t${copyText(c.id)}\t${c.contractId}\t${copyText(c.seat)}\t${c.startedAt}\t${c.durationSeconds}\t${c.callType}\n`;
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

/** A CSV record (an array of fields) as a raw call, by the header's column positions. */
export function rawFromFields(fields: readonly string[], header: HeaderMap): RawCall {
  const at = (c: CallColumn) => (header.index[c] === -1 ? undefined : fields[header.index[c]]);
  return {
    id: at('id'),
    seat: at('seat'),
    startedAt: at('startedAt'),
    durationSeconds: at('durationSeconds'),
    callType: at('callType'),
    contractId: at('contractId'),
  };
}
