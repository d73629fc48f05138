/**
 * The call import's CSV reader against csv-parse, which it replaced: on random text, cut into
 * random chunks, both must give the same records or refuse with the same message. The options
 * are those the import gave csv-parse.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { CsvRecordReader } from '../../src/usage/csv-records';

const OPTIONS = { bom: true, trim: true, skip_empty_lines: true, relax_quotes: true, relax_column_count: true } as const;

type Outcome = { records: string[][] } | { error: string };

function byCsvParse(bytes: Buffer, maxRecordBytes: number): Outcome {
  try {
    return { records: parse(bytes, { ...OPTIONS, max_record_size: maxRecordBytes }) as string[][] };
  } catch (e) {
    const err = e as { code: string; message: string };
    return { error: `${err.code}: ${err.message}` };
  }
}

function byReader(bytes: Buffer, maxRecordBytes: number, cuts: readonly number[]): Outcome {
  const reader = new CsvRecordReader(maxRecordBytes);
  const records: string[][] = [];
  try {
    let at = 0;
    for (const size of cuts) {
      const to = Math.min(bytes.length, at + size);
      records.push(...reader.push(bytes.subarray(at, to)));
      at = to;
    }
    records.push(...reader.push(bytes.subarray(at)));
    records.push(...reader.end());
    return { records };
  } catch (e) {
    const err = e as { code: string; message: string };
    return { error: `${err.code}: ${err.message}` };
  }
}

const cuts = fc.array(fc.integer({ min: 1, max: 16 }), { maxLength: 40 });

function sameAsCsvParse(text: fc.Arbitrary<string>, maxRecordBytes: number, numRuns: number): void {
  fc.assert(
    fc.property(text, cuts, (t, c) => {
      const bytes = Buffer.from(t, 'utf8');
      expect(byReader(bytes, maxRecordBytes, c), JSON.stringify(t)).to.deep.equal(byCsvParse(bytes, maxRecordBytes));
    }),
    { numRuns },
  );
}

describe('usage: the CSV reader of call imports reads as csv-parse', () => {
  it('any text: quotes, blanks of every width, every line break, BOMs, NULs, long records', () => {
    const piece = fc.constantFrom('a', 'b', 'x', ',', ',', '"', '"', '""', '\n', '\n', '\r', '\r\n', ' ', '\t', '\u00a0', '\u3000', '\uFEFF', '中', '😀', '\u0000', '1');
    const text = fc.tuple(fc.constantFrom('', '\uFEFF', 'id,seat\n', 'id,seat\r\n', 'h\r', '"h"\r\n'), fc.array(piece, { maxLength: 80 })).map(([head, p]) => head + p.join(''));
    // Small limits so that records reach them; 40 bytes leave 13 characters to the plain path.
    for (const max of [10, 40, 200]) sameAsCsvParse(text, max, 6000);
  });

  it('call files: plain and quoted fields, commas and quotes inside them, blank and bad lines', () => {
    const field = fc.constantFrom('CDR-1', 'S-01', '2027-03-20T09:00:00+08:00', '61', 'local', '', '  padded  ', '"quoted"', ' "spaced" ', '"S-02, 北楼"', '"say ""hi"""', '"open', 'a"b', '"x" y', '"multi\nline"', '"x"\u00a0');
    const line = fc.array(field, { minLength: 1, maxLength: 6 }).map((f) => f.join(','));
    const eol = fc.constantFrom('\n', '\r\n');
    const text = fc.tuple(fc.array(line, { maxLength: 12 }), eol, fc.boolean()).map(([lines, e, last]) => `id,seat,startedAt,durationSeconds,callType${e}${lines.join(e)}${last ? e : ''}`);
    sameAsCsvParse(text, 16 * 1024, 4000);
    sameAsCsvParse(text, 60, 4000);
  });

  it('reads a large file cut anywhere, a multi-byte character split between chunks included', () => {
    const lines = ['id,seat,startedAt,durationSeconds,callType'];
    for (let i = 0; i < 5000; i++) lines.push(i % 7 === 0 ? `"C${i}","坐席 ${i}, 北楼",2027-03-20T09:00:00+08:00,${i},local` : `C${i},坐席${i},2027-03-20T09:00:00+08:00,${i},local`);
    const bytes = Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
    const expected = byCsvParse(bytes, 16 * 1024);
    expect(expected).to.have.nested.property('records.length', 5001);
    for (const size of [1, 7, 4096, 65_536]) expect(byReader(bytes, 16 * 1024, new Array(Math.ceil(bytes.length / size)).fill(size))).to.deep.equal(expected);
  });

  it('reads a file with a UTF-16LE byte order mark as UTF-16LE, as csv-parse does', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('id,seat\nX,坐席\n', 'utf16le')]);
    expect(byReader(bytes, 16 * 1024, [3, 5])).to.deep.equal(byCsvParse(bytes, 16 * 1024)).and.deep.equal({ records: [['id', 'seat'], ['X', '坐席']] });
  });

  it('refuses a record past the limit as soon as it is read, without holding the rest of it', () => {
    const reader = new CsvRecordReader(100);
    expect(reader.push(Buffer.from('id,seat\n'))).to.deep.equal([]);
    const long = Buffer.from('x'.repeat(1000));
    expect(() => {
      for (let i = 0; i < 10; i++) reader.push(long);
    }).to.throw(/Max Record Size: record exceed the maximum number of tolerated bytes of 100 at line 2/);
  });
});
