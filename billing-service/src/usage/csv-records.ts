/**
 * The CSV reader of call imports. It reads exactly as csv-parse 7 with the options the import
 * always used — `bom, trim, skip_empty_lines, relax_quotes, relax_column_count, max_record_size` —
 * the same records, and the same refusals with the same messages, but at a fraction of the
 * cost: csv-parse walks every byte through its general state machine (2.2 s of CPU for a
 * million CDRs, a third of the whole import). Here a line without quotes or stray line breaks
 * is split by native string search; any other record goes through `readSlowRecord`, a port of
 * csv-parse's loop narrowed to those options. A differential property test (csv-records.test.ts)
 * holds the two together on random text cut in random chunks.
 *
 * Known difference: in a record that holds bytes that are not UTF-8 the size limit is counted on
 * the decoded text (U+FFFD), so such a record near the limit may be refused a few bytes apart.
 */
import { StringDecoder } from 'node:string_decoder';

const LF = 10;
const CR = 13;
const QUOTE = 34;
const COMMA = 44;

/** Codes and messages as csv-parse's CsvError, so that answers stay word for word. */
export class CsvReadError extends Error {
  constructor(
    readonly code: 'CSV_QUOTE_NOT_CLOSED' | 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE' | 'CSV_MAX_RECORD_SIZE',
    message: string,
  ) {
    super(message);
    this.name = 'CsvError';
  }
}

/** ECMAScript white space and line terminators: csv-parse's `trim` set, the same as String.prototype.trim. */
function isTrimmable(c: number): boolean {
  if (c < 0x80) return c === 32 || (c >= 9 && c <= 13);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

function utf8Bytes(c: number): number {
  // A surrogate is half of a 4-byte character.
  return c < 0x80 ? 1 : c < 0x800 || (c >= 0xd800 && c <= 0xdfff) ? 2 : 3;
}

function utf16Bytes(): number {
  return 2;
}

/**
 * A field of a line with quotes, as csv-parse reads it when the quotes simply wrap the field:
 * `  "S-02 北楼"  ` gives `S-02 北楼`. null: anything else (a comma or an escaped quote inside,
 * text around the quotes), which the caller reads slowly.
 */
function unwrapped(piece: string): string | null {
  if (piece.indexOf('"') === -1) return trimmed(piece);
  let from = 0;
  while (from < piece.length && isTrimmable(piece.charCodeAt(from))) from++;
  let to = piece.length;
  // Only one-byte blanks after the closing quote (csv-parse refuses some longer ones there).
  for (let c = piece.charCodeAt(to - 1); to > from && (c === 32 || c === 9 || c === 11 || c === 12); c = piece.charCodeAt(to - 1)) to--;
  if (to - from < 2 || piece.charCodeAt(from) !== QUOTE || piece.charCodeAt(to - 1) !== QUOTE) return null;
  const inner = piece.slice(from + 1, to - 1);
  return inner.indexOf('"') === -1 ? inner : null;
}

/** A field as csv-parse trims it (only unquoted fields get here). */
function trimmed(field: string): string {
  const n = field.length;
  if (n === 0) return field;
  const first = field.charCodeAt(0);
  const last = field.charCodeAt(n - 1);
  // Most fields start and end with a printable ASCII character: nothing to trim.
  return first > 32 && first < 0x7f && last > 32 && last < 0x7f ? field : field.trim();
}

type RecordDelimiter = '' | '\n' | '\r\n' | '\r';

/**
 * Turns the bytes of a CSV file, given chunk by chunk, into records (arrays of fields). Holds
 * at most the unfinished record between chunks: a record longer than the limit is refused as
 * soon as it is, as csv-parse does.
 */
export class CsvRecordReader {
  private decoder: StringDecoder | null = null;
  /** Bytes held until the first three are known (the BOM decides the encoding). */
  private head: Buffer | null = Buffer.alloc(0);
  private bytesOf: (c: number) => number = utf8Bytes;
  /** Decoded text not read yet starts at `pos`. */
  private text = '';
  private pos = 0;
  private delimiter: RecordDelimiter = '';
  /** csv-parse's line counter and its one-character delay, for the line in messages. */
  private lines = 1;
  private wasRowDelimiter = false;
  /** Cached positions (≥ pos) of the next character that makes a line not plain; -1: unknown. */
  private nextQuote = -1;
  private nextStray = -1;
  /** An unfinished slow record is read again once the text has grown past this length. */
  private retryAt = 0;
  private plainMaxChars: number;

  constructor(private readonly maxRecordBytes: number) {
    // A line this short cannot reach the limit in bytes, whatever its characters.
    this.plainMaxChars = Math.floor(maxRecordBytes / 3);
  }

  /** The records completed by this chunk. */
  push(chunk: Buffer): string[][] {
    const out: string[][] = [];
    const decoded = this.decode(chunk);
    if (decoded !== null) this.feed(decoded, false, out);
    return out;
  }

  /** The records left at the end of the input; throws if the file ends inside a quote. */
  end(): string[][] {
    const out: string[][] = [];
    let rest = '';
    if (this.head !== null) {
      // Fewer than three bytes in all: csv-parse does not look for a BOM then.
      this.decoder = new StringDecoder('utf8');
      rest = this.decoder.write(this.head);
      this.head = null;
    }
    rest += this.decoder!.end();
    this.feed(rest, true, out);
    return out;
  }

  private decode(chunk: Buffer): string | null {
    if (this.head === null) return this.decoder!.write(chunk);
    const head = Buffer.concat([this.head, chunk]);
    if (head.length < 3) {
      this.head = head;
      return null;
    }
    this.head = null;
    if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) {
      this.decoder = new StringDecoder('utf8');
      return this.decoder.write(head.subarray(3));
    }
    if (head[0] === 0xff && head[1] === 0xfe) {
      // csv-parse reads the rest of such a file as UTF-16LE.
      this.decoder = new StringDecoder('utf16le');
      this.bytesOf = utf16Bytes;
      this.plainMaxChars = Math.floor(this.maxRecordBytes / 2);
      return this.decoder.write(head.subarray(2));
    }
    this.decoder = new StringDecoder('utf8');
    return this.decoder.write(head);
  }

  private feed(more: string, eof: boolean, out: string[][]): void {
    this.text = this.pos < this.text.length ? this.text.slice(this.pos) + more : more;
    this.pos = 0;
    this.nextQuote = -1;
    this.nextStray = -1;
    if (!eof && this.text.length < this.retryAt) return;
    this.retryAt = 0;
    while (this.pos < this.text.length) {
      const end = this.delimiter === '' ? -2 : this.plainLineEnd(eof);
      if (end >= 0 && this.readPlainLine(end, out)) continue;
      if (end === -1) break;
      // A quote, a stray line break, a long line or the very first line: read it as csv-parse does.
      if (!this.readSlowRecord(eof, out)) {
        // Unfinished: wait until the text has doubled, so that a long record is not read again
        // for every small chunk.
        this.retryAt = 2 * (this.text.length - this.pos);
        break;
      }
    }
    if (eof) {
      this.text = '';
      this.pos = 0;
    }
  }

  /**
   * The end of the line at `pos` when the line is plain: no line break other than the record
   * delimiter, short enough. -1: the line is not complete yet; -2: read it slowly.
   */
  private plainLineEnd(eof: boolean): number {
    const text = this.text;
    const pos = this.pos;
    let end: number;
    if (this.delimiter === '\r\n') {
      const lf = text.indexOf('\n', pos);
      if (lf === -1) end = eof ? text.length : -1;
      else if (lf > pos && text.charCodeAt(lf - 1) === CR) end = lf - 1;
      else return -2;
      if (end === -1) return text.length - pos > this.plainMaxChars ? -2 : -1;
      const cr = text.indexOf('\r', pos);
      if (cr !== -1 && cr < end) return -2;
    } else {
      const found = text.indexOf(this.delimiter, pos);
      if (found === -1) {
        if (!eof) return text.length - pos > this.plainMaxChars ? -2 : -1;
        end = text.length;
      } else end = found;
      if (this.nextStray < pos) {
        const stray = text.indexOf(this.delimiter === '\n' ? '\r' : '\n', pos);
        this.nextStray = stray === -1 ? Infinity : stray;
      }
      if (this.nextStray < end) return -2;
    }
    if (this.nextQuote < pos) {
      const quote = text.indexOf('"', pos);
      this.nextQuote = quote === -1 ? Infinity : quote;
    }
    return end - pos > this.plainMaxChars ? -2 : end;
  }

  /** Reads the plain line up to `end`; false, changing nothing, when its quotes need `readSlowRecord`. */
  private readPlainLine(end: number, out: string[][]): boolean {
    const fields = this.text.slice(this.pos, end).split(',');
    if (this.nextQuote < end) {
      for (let i = 0; i < fields.length; i++) {
        const value = unwrapped(fields[i]!);
        if (value === null) return false;
        fields[i] = value;
      }
      out.push(fields);
    } else {
      for (let i = 0; i < fields.length; i++) fields[i] = trimmed(fields[i]!);
      // skip_empty_lines: a line of blanks is no record.
      if (fields.length > 1 || fields[0] !== '') out.push(fields);
    }
    // csv-parse counts the previous line break when it reads the next character.
    if (this.wasRowDelimiter) {
      this.lines++;
      this.wasRowDelimiter = false;
    }
    if (end < this.text.length) {
      this.wasRowDelimiter = true;
      this.pos = end + this.delimiter.length;
    } else this.pos = end;
    return true;
  }

  /**
   * csv-parse's loop for one record (or one skipped empty line) from `pos`, with its options
   * fixed: quote and escape `"`, delimiter `,`, trim, relax_quotes, the record delimiter found
   * at the first line break outside quotes. Answers false, changing nothing, when the text ends
   * before the record does and more may come.
   */
  private readSlowRecord(eof: boolean, out: string[][]): boolean {
    const text = this.text;
    const n = text.length;
    const max = this.maxRecordBytes;
    let lines = this.lines;
    let wasRowDelimiter = this.wasRowDelimiter;
    let delimiter = this.delimiter;
    let quoting = false;
    let wasQuoting = false;
    let escaping = false;
    let field = '';
    let fieldBytes = 0;
    const record: string[] = [];
    let recordLength = 0;
    const endField = () => {
      const value = wasQuoting ? field : field.trimEnd();
      record.push(value);
      recordLength += value.length;
      field = '';
      fieldBytes = 0;
      wasQuoting = false;
    };
    const isDelimiterAt = (i: number): number => {
      if (delimiter === '') return 0;
      return text.startsWith(delimiter, i) ? delimiter.length : 0;
    };
    const discoverAt = (i: number): number => {
      const c = text.charCodeAt(i);
      if (c === CR) delimiter = text.charCodeAt(i + 1) === LF ? '\r\n' : '\r';
      else if (c === LF) delimiter = '\n';
      return delimiter.length;
    };
    const commit = (pos: number) => {
      this.pos = pos;
      this.lines = lines;
      this.wasRowDelimiter = wasRowDelimiter;
      this.delimiter = delimiter;
    };

    let i = this.pos;
    for (; i < n; i++) {
      // csv-parse waits for enough text to look two characters ahead.
      if (!eof && i + 2 >= n) {
        // A run of blanks before anything else can be left behind: it adds nothing.
        if (record.length === 0 && fieldBytes === 0 && !quoting && !wasQuoting && !escaping && i > this.pos) commit(i);
        return false;
      }
      if (wasRowDelimiter) {
        lines++;
        wasRowDelimiter = false;
      }
      if (!quoting && delimiter === '') discoverAt(i);
      const c = text.charCodeAt(i);
      if (c === CR || c === LF) wasRowDelimiter = true;
      if (escaping) escaping = false;
      else {
        if (quoting && c === QUOTE && i + 1 < n && text.charCodeAt(i + 1) === QUOTE) {
          escaping = true;
          continue;
        }
        if (c === QUOTE) {
          if (quoting) {
            const next = i + 1 < n ? text.charCodeAt(i + 1) : 0;
            const nextIsRecordDelimiter = delimiter === '' ? discoverAt(i + 1) !== 0 : isDelimiterAt(i + 1) !== 0;
            quoting = false;
            wasQuoting = true;
            // `!nextChr` in csv-parse: the end of the text, or a NUL byte.
            if (next === 0 || next === COMMA || nextIsRecordDelimiter || isTrimmable(next)) continue;
            // relax_quotes: the quote goes back in front of the field; the character after it
            // is then refused below (trim allows only blanks after a closing quote).
            field = `"${field}`;
            fieldBytes += 1;
          } else if (fieldBytes === 0) {
            quoting = true;
            continue;
          }
        }
        if (!quoting) {
          const rd = isDelimiterAt(i);
          if (rd !== 0) {
            if (!wasQuoting && record.length === 0 && fieldBytes === 0) {
              // skip_empty_lines: this line held only blanks.
              commit(i + rd);
              return true;
            }
            endField();
            out.push(record);
            commit(i + rd);
            return true;
          }
          if (c === COMMA) {
            endField();
            continue;
          }
        }
      }
      const kept = quoting || fieldBytes !== 0 || !isTrimmable(c);
      const append = kept && !wasQuoting;
      // csv-parse checks before each byte: for a character it appends, up to its last byte.
      const bytes = this.bytesOf(c);
      if (recordLength + fieldBytes + (append ? bytes - 1 : 0) > max) {
        throw new CsvReadError(
          'CSV_MAX_RECORD_SIZE',
          `Max Record Size: record exceed the maximum number of tolerated bytes of ${max} at line ${lines}`,
        );
      }
      if (append) {
        field += text[i];
        fieldBytes += bytes;
      } else if (!isTrimmable(c) || (kept && bytes > 1)) {
        // After a closing quote csv-parse skips a blank of several bytes whole only where it
        // would trim it anyway; elsewhere it reads the blank's second byte alone and refuses it.
        throw new CsvReadError('CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE', `Invalid Closing Quote: found non trimable byte after quote at line ${lines}`);
      }
    }
    // The end of the input.
    if (quoting) {
      throw new CsvReadError('CSV_QUOTE_NOT_CLOSED', `Quote Not Closed: the parsing is finished with an opening quote at line ${lines}`);
    }
    if (wasQuoting || record.length !== 0 || fieldBytes !== 0) {
      endField();
      out.push(record);
    }
    commit(i);
    return true;
  }
}
