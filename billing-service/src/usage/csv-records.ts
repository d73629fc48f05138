/**
 * The CSV reader of call imports: papaparse's parser, fed chunk by chunk as the upload arrives
 * (docs/decisions/0015-csv-reader.md). Around it, only what the import adds: the BOM (UTF-8, or
 * UTF-16LE, read as such), trimmed fields, empty lines skipped, line breaks `\n` or `\r\n`, and
 * three refusals that make the file unreadable — a quote never closed, a quoted field going on
 * after its closing quote, and a record (its text, line break included) over `maxRecordBytes`
 * bytes of UTF-8. The unfinished record is all that is held between chunks, and it is refused
 * as soon as it passes the limit: memory stays flat whatever the file.
 */
import { StringDecoder } from 'node:string_decoder';
import Papa from 'papaparse';

export class CsvReadError extends Error {
  constructor(
    readonly code: 'CSV_QUOTE_NOT_CLOSED' | 'CSV_INVALID_CLOSING_QUOTE' | 'CSV_MAX_RECORD_SIZE',
    message: string,
  ) {
    super(message);
    this.name = 'CsvError';
  }
}

/** `field.trim()`, without building a string for the usual field (printable ASCII at both ends). */
function trimmed(field: string): string {
  const n = field.length;
  if (n === 0) return field;
  const first = field.charCodeAt(0);
  const last = field.charCodeAt(n - 1);
  return first > 32 && first < 0x7f && last > 32 && last < 0x7f ? field : field.trim();
}

function linesIn(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

export class CsvRecordReader {
  private decoder: StringDecoder | null = null;
  /** The first bytes, held until they tell the encoding. */
  private head = Buffer.alloc(0);
  private atStart = true;
  /** The text of the record not complete yet, and the line it starts on. */
  private rest = '';
  private line = 1;
  /** During a parse: its text, where the next record starts in it, the records read. */
  private text = '';
  private start = 0;
  private out: string[][] = [];
  // Papa.Parser is the incremental parser papaparse's own streamers drive; it hands `step`
  // each row as a one-row array, with its errors and the position after its line break.
  private readonly parser = new Papa.Parser({
    delimiter: ',',
    newline: '\n',
    quoteChar: '"',
    step: (r) => this.record((r.data as unknown as string[][])[0]!, r.errors, r.meta.cursor),
  });

  constructor(private readonly maxRecordBytes: number) {}

  /** The records completed by this chunk. */
  push(chunk: Buffer): string[][] {
    if (this.decoder === null) {
      this.head = Buffer.concat([this.head, chunk]);
      if (this.head.length < 2) return [];
      this.decoder = new StringDecoder(this.head[0] === 0xff && this.head[1] === 0xfe ? 'utf16le' : 'utf8');
      chunk = this.head;
    }
    return this.read(this.decoder.write(chunk), false);
  }

  /** The records left at the end of the input; throws if the file ends inside a quote. */
  end(): string[][] {
    const decoder = this.decoder ?? new StringDecoder('utf8');
    const last = (this.decoder === null ? decoder.write(this.head) : '') + decoder.end();
    return this.read(last, true);
  }

  private read(more: string, eof: boolean): string[][] {
    if (this.atStart && more.length > 0) {
      this.atStart = false;
      if (more.charCodeAt(0) === 0xfeff) more = more.slice(1);
    }
    let text = this.rest + more;
    // The last line gets its line break, so that it is read as every other line.
    if (eof && text.length > 0 && !text.endsWith('\n')) text += '\n';
    this.text = text;
    this.start = 0;
    const out: string[][] = (this.out = []);
    if (text.length > 0) this.parser.parse(text, 0, !eof);
    this.line += linesIn(text, 0, this.start);
    this.rest = text.slice(this.start);
    this.text = '';
    if (this.tooLong(this.rest, 0, this.rest.length)) throw this.sizeError(this.line);
    return out;
  }

  private record(fields: string[], errors: Papa.ParseError[], end: number): void {
    const text = this.text;
    if (this.tooLong(text, this.start, end)) throw this.sizeError(this.line + linesIn(text, 0, this.start));
    const error = errors[0];
    if (error !== undefined) {
      const line = this.line + linesIn(text, 0, error.index ?? this.start);
      throw error.code === 'MissingQuotes'
        ? new CsvReadError('CSV_QUOTE_NOT_CLOSED', `Quote Not Closed: the quote opened on line ${line} is never closed`)
        : new CsvReadError('CSV_INVALID_CLOSING_QUOTE', `Invalid Closing Quote: the quoted field on line ${line} goes on after its closing quote (quote the whole field, and double a quote inside it)`);
    }
    this.start = end;
    for (let i = 0; i < fields.length; i++) fields[i] = trimmed(fields[i]!);
    if (fields.length > 1 || fields[0] !== '') this.out.push(fields);
  }

  private tooLong(text: string, from: number, to: number): boolean {
    // A UTF-16 code unit is at most 3 bytes of UTF-8.
    return (to - from) * 3 > this.maxRecordBytes && Buffer.byteLength(text.slice(from, to)) > this.maxRecordBytes;
  }

  private sizeError(line: number): CsvReadError {
    return new CsvReadError('CSV_MAX_RECORD_SIZE', `Max Record Size: the record on line ${line} is longer than ${this.maxRecordBytes} bytes`);
  }
}
