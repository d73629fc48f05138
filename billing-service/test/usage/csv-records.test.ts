/**
 * The call import's CSV reader (papaparse fed chunk by chunk, docs/decisions/0015-csv-reader.md):
 * what the import relies on — BOM, line breaks, quoting, trimming, empty lines, the three
 * refusals with their line, a flat memory bound, records independent of how the bytes are cut —
 * and, through `importCalls`, how malformed rows end: bad rows by row number, or a 400.
 */
import { Readable } from 'node:stream';
import { expect } from 'chai';
import fc from 'fast-check';
import { AppError } from '@seatlease/shared';
import { useBillingDatabase } from '../support/billing-database';
import { CsvReadError, CsvRecordReader } from '../../src/usage/csv-records';
import { importCalls, MAX_CSV_RECORD_BYTES } from '../../src/usage/import-calls';
import { FactsBuilder } from '../engine/facts.builder';

const MAX = 16 * 1024;

type Outcome = { records: string[][] } | { error: string };

/** Reads `bytes` cut into pieces of the given sizes (the rest in one piece). */
function read(bytes: Buffer, cuts: readonly number[] = [], max = MAX): Outcome {
  const reader = new CsvRecordReader(max);
  const records: string[][] = [];
  try {
    let at = 0;
    for (const size of cuts) {
      const to = Math.min(bytes.length, at + size);
      records.push(...reader.push(bytes.subarray(at, to)));
      at = to;
    }
    if (at < bytes.length) records.push(...reader.push(bytes.subarray(at)));
    records.push(...reader.end());
    return { records };
  } catch (e) {
    if (!(e instanceof CsvReadError)) throw e;
    return { error: `${e.code}: ${e.message}` };
  }
}

const text = (t: string, cuts: readonly number[] = [], max = MAX) => read(Buffer.from(t, 'utf8'), cuts, max);
const bytewise = (t: string, max = MAX) => text(t, new Array(Buffer.byteLength(t)).fill(1), max);

describe('usage: the CSV reader of call imports', () => {
  it('strips a UTF-8 BOM, also when it arrives byte by byte, and only at the start', () => {
    const expected = { records: [['id', 'seat'], ['X', 'a\uFEFFb']] };
    expect(text('\uFEFFid,seat\nX,a\uFEFFb\n')).to.deep.equal(expected);
    expect(bytewise('\uFEFFid,seat\nX,a\uFEFFb\n')).to.deep.equal(expected);
    expect(text('\uFEFF"id",seat\nX,a\uFEFFb')).to.deep.equal(expected);
  });

  it('reads a file with a UTF-16LE byte order mark as UTF-16LE', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('id,seat\r\nX,"坐席, 北楼"\r\n', 'utf16le')]);
    const expected = { records: [['id', 'seat'], ['X', '坐席, 北楼']] };
    expect(read(bytes)).to.deep.equal(expected);
    expect(read(bytes, [1, 1, 3, 5])).to.deep.equal(expected);
  });

  it('reads LF, CRLF and a mix of both alike, with or without a last line break', () => {
    const expected = { records: [['id', 'seat'], ['A1', 'S-01'], ['A2', 'S 02'], ['A3', 'S-03']] };
    for (const t of ['id,seat\nA1,S-01\nA2,"S 02"\nA3,S-03\n', 'id,seat\r\nA1,S-01\r\nA2,"S 02"\r\nA3,S-03\r\n', 'id,seat\r\nA1,S-01\nA2,"S 02"\r\nA3,S-03', 'id,seat\nA1,S-01\r\nA2,"S 02"  \r\nA3,"S-03"', 'id,seat\nA1,S-01\nA2,"S 02"\nA3,"S-03" \t']) {
      expect(text(t), JSON.stringify(t)).to.deep.equal(expected);
      expect(bytewise(t), JSON.stringify(t)).to.deep.equal(expected);
    }
  });

  it('reads quoted fields: commas, doubled quotes and line breaks inside, blanks after the closing quote', () => {
    const t = 'id,seat,note\n"A1","S-02, 北楼","say ""hi"""\n"A2",S,"two\nlines"\r\nA3,"","crlf\r\ninside"   \n"A4","😀 坐席","""x"""\n';
    expect(text(t)).to.deep.equal({
      records: [
        ['id', 'seat', 'note'],
        ['A1', 'S-02, 北楼', 'say "hi"'],
        ['A2', 'S', 'two\nlines'],
        ['A3', '', 'crlf\r\ninside'],
        ['A4', '😀 坐席', '"x"'],
      ],
    });
  });

  it('trims fields, and reads a quote inside an unquoted field, or after blanks, as text', () => {
    expect(text('id,seat\n  A7  ,\tS-03 \u3000\n" q ", x\n A"1,b"c"d\n')).to.deep.equal({
      records: [['id', 'seat'], ['A7', 'S-03'], ['q', 'x'], ['A"1', 'b"c"d']],
    });
    // A quote opens a field only as its first character: after a blank it is text (RFC 4180).
    expect(text('id,seat\nA1, "S-02"\nA2, "S, 北楼"\n')).to.deep.equal({ records: [['id', 'seat'], ['A1', '"S-02"'], ['A2', '"S', '北楼"']] });
  });

  it('skips empty and blank lines, LF or CRLF, anywhere in the file', () => {
    expect(text('\n\r\nid,seat\n\nA1,S\r\n   \r\n\t\n""\nA2,S\n\n\n')).to.deep.equal({ records: [['id', 'seat'], ['A1', 'S'], ['A2', 'S']] });
    expect(text('')).to.deep.equal({ records: [] });
    expect(text('\uFEFF\r\n\n')).to.deep.equal({ records: [] });
  });

  it('gives records of any number of fields: the import, not the reader, checks them against the header', () => {
    expect(text('id,seat\nA\nB,S,extra,,\n,\n')).to.deep.equal({ records: [['id', 'seat'], ['A'], ['B', 'S', 'extra', '', ''], ['', '']] });
  });

  it('refuses a quote that is never closed, naming the line where it opened', () => {
    const t = 'id,seat\nA1,S\nA2,"S\n\nA3,S\n';
    const error = { error: 'CSV_QUOTE_NOT_CLOSED: Quote Not Closed: the quote opened on line 3 is never closed' };
    expect(text(t)).to.deep.equal(error);
    expect(bytewise(t)).to.deep.equal(error);
    expect(text('id,seat\r\nA1,"S-01",\r\n"A2')).to.deep.equal({ error: 'CSV_QUOTE_NOT_CLOSED: Quote Not Closed: the quote opened on line 3 is never closed' });
    // The line of the quote, not of the record it is in.
    expect(text('id,seat,n\nA1,"two\nlines","open\nB,S\n', [20])).to.deep.equal({ error: 'CSV_QUOTE_NOT_CLOSED: Quote Not Closed: the quote opened on line 3 is never closed' });
  });

  it('refuses a quoted field that goes on after its closing quote, instead of merging the next lines into it', () => {
    const t = 'id,seat,n\nA1,S,1\nA2,"S" 2,1\nA3,"S",1\n';
    const error = { error: 'CSV_INVALID_CLOSING_QUOTE: Invalid Closing Quote: the quoted field on line 3 goes on after its closing quote (quote the whole field, and double a quote inside it)' };
    expect(text(t)).to.deep.equal(error);
    expect(bytewise(t)).to.deep.equal(error);
    expect(text('id,seat\n"A1"x,S')).to.have.property('error').that.match(/^CSV_INVALID_CLOSING_QUOTE: .* on line 2 /);
  });

  it('refuses a record longer than the limit in UTF-8 bytes, its line break included, naming its line', () => {
    const max = 60;
    const fits = `A,${'中'.repeat(19)}`; // 2 + 57 bytes, and the line break: 60
    expect(text(`id,seat\n${fits}\nB,S\n`, [], max)).to.deep.equal({ records: [['id', 'seat'], ['A', '中'.repeat(19)], ['B', 'S']] });
    expect(text(`id,seat\n${fits}`, [], max)).to.deep.equal({ records: [['id', 'seat'], ['A', '中'.repeat(19)]] });
    const refused = { error: `CSV_MAX_RECORD_SIZE: Max Record Size: the record on line 3 is longer than ${max} bytes` };
    for (const long of [`${fits}x`, `"${fits}"`, `A,"${'中'.repeat(10)}\n${'中'.repeat(10)}"`]) {
      const t = `id,seat\n\n${long}\nB,S\n`;
      expect(text(t, [], max), long).to.deep.equal(refused);
      expect(bytewise(t, max), long).to.deep.equal(refused);
      expect(text(t, [9, 20], max), long).to.deep.equal(refused);
    }
  });

  it('refuses a long record as soon as it passes the limit, without holding the rest of it', () => {
    for (const start of ['A,x', 'A,"x']) {
      const reader = new CsvRecordReader(MAX);
      reader.push(Buffer.from(`id,seat\n${start}`));
      const kib = Buffer.from('y'.repeat(1024));
      let pushed = 0;
      expect(() => {
        for (; pushed < 64; pushed++) reader.push(kib);
      }).to.throw(CsvReadError, /Max Record Size: the record on line 2 is longer than 16384 bytes/);
      expect(pushed, start).to.equal(15);
    }
  });

  it('gives the same records, or the same refusal, however the bytes are cut', () => {
    const piece = fc.constantFrom('A1', 'S-02', '2027-03-20T09:00:00+08:00', ',', ',', '"', '"', '""', '\n', '\n', '\r\n', ' ', '\t', '\u3000', '北楼', '😀', '\uFEFF', '"S-02, 北楼"', '"two\r\nlines"', 'é');
    const file = fc.tuple(fc.constantFrom('', '\uFEFF'), fc.array(piece, { maxLength: 60 })).map(([bom, p]) => bom + p.join(''));
    const cuts = fc.array(fc.integer({ min: 1, max: 9 }), { maxLength: 60 });
    fc.assert(
      fc.property(file, cuts, fc.constantFrom(24, 80, MAX), (t, c, max) => {
        const whole = text(t, [], max);
        expect(text(t, c, max), JSON.stringify(t)).to.deep.equal(whole);
        expect(bytewise(t, max), JSON.stringify(t)).to.deep.equal(whole);
      }),
      { numRuns: 3000 },
    );
  });

  it('reads a large file cut anywhere, multi-byte characters split between chunks included', () => {
    const lines = ['id,seat,startedAt,durationSeconds,callType'];
    for (let i = 0; i < 5000; i++) lines.push(i % 7 === 0 ? `"C${i}","坐席 ${i}, 北楼",2027-03-20T09:00:00+08:00,${i},local` : `C${i},坐席${i},2027-03-20T09:00:00+08:00,${i},local`);
    const bytes = Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
    const whole = read(bytes);
    expect(whole).to.have.nested.property('records.length', 5001);
    expect(whole).to.have.deep.nested.property('records[1]', ['C0', '坐席 0, 北楼', '2027-03-20T09:00:00+08:00', '0', 'local']);
    expect(whole).to.have.deep.nested.property('records[2]', ['C1', '坐席1', '2027-03-20T09:00:00+08:00', '1', 'local']);
    for (const size of [1, 2, 7, 4096, 65_536]) expect(read(bytes, new Array(Math.ceil(bytes.length / size)).fill(size)), `size ${size}`).to.deep.equal(whole);
  });
});

describe('usage: malformed CSV rows in an import', function () {
  const C1 = '11111111-1111-4111-8111-111111111111';
  const HEADER = 'id,seat,startedAt,durationSeconds,callType';
  const facts = { ...new FactsBuilder({ startMonth: '2027-03', termMonths: 12 }).seats('o1', 2, '2027-03-15').facts, contractId: C1 };
  const suite = useBillingDatabase('usage_csv_records');
  beforeEach(async () => suite.knex('calls').delete());

  const importText = (csv: string) => {
    const bytes = Buffer.from(csv, 'utf8');
    const parts = Array.from({ length: Math.ceil(bytes.length / 5) }, (_, i) => bytes.subarray(i * 5, i * 5 + 5));
    return importCalls(suite.knex, Readable.from(parts, { objectMode: false }), { format: 'csv', defaultContractId: C1, factsOf: async (id) => (id === C1 ? facts : null), nowMs: Date.now() });
  };

  it('reports rows with a wrong number of fields by row number, reads a stray quote as text, and stores the rest', async () => {
    const s = await importText(
      [
        HEADER,
        'M1,S,2027-03-20T09:00:00+08:00,1,local',
        'M2,S,2027-03-20T09:00:00+08:00,1', // row 2: a field short
        '',
        'M3, "S, 北楼",2027-03-20T09:00:00+08:00,1,local', // row 3: a blank before the quote, so the comma splits
        'M4,S"5,2027-03-20T09:00:00+08:00,1,local', // a stray quote is text
        'M5,"S\n6",2027-03-20T09:00:00+08:00,1,local,', // row 5: one field too many
        'M6,"S ""7""",2027-03-20T09:00:00+08:00,1,local',
      ].join('\r\n'),
    );
    expect(s).to.deep.include({
      rows: 6,
      accepted: 3,
      rejected: [
        { row: 2, message: 'expected 5 fields as in the header, found 4' },
        { row: 3, message: 'expected 5 fields as in the header, found 6' },
        { row: 5, message: 'expected 5 fields as in the header, found 6' },
      ],
    });
    expect((await suite.knex('calls').orderBy('id').select('id', 'seat')).map((r) => `${r.id} ${r.seat}`)).to.deep.equal(['M1 S', 'M4 S"5', 'M6 S "7"']);
  });

  it('refuses an unreadable file with a 400 naming the line, and stores nothing of it', async () => {
    const good = 'G1,S,2027-03-20T09:00:00+08:00,1,local';
    const cases: Array<[string, string]> = [
      [`${HEADER}\n${good}\nG2,"S,2027-03-20T09:00:00+08:00,1,local\n`, 'the CSV cannot be read: Quote Not Closed: the quote opened on line 3 is never closed'],
      [`${HEADER}\n${good}\nG2,"S" x,2027-03-20T09:00:00+08:00,1,local\nG3,"S",2027-03-20T09:00:00+08:00,1,local\n`, 'the CSV cannot be read: Invalid Closing Quote: the quoted field on line 3 goes on after its closing quote (quote the whole field, and double a quote inside it)'],
      [`${HEADER}\n${good}\n\nG2,${'x'.repeat(MAX_CSV_RECORD_BYTES)},2027-03-20T09:00:00+08:00,1,local\n`, `the CSV cannot be read: Max Record Size: the record on line 4 is longer than ${MAX_CSV_RECORD_BYTES} bytes`],
    ];
    for (const [csv, message] of cases) {
      const err = await importText(csv).then(() => null, (e: unknown) => e);
      expect(err, csv.slice(0, 120)).to.be.instanceOf(AppError);
      expect(err).to.deep.include({ kind: 'validation', message, errors: [{ path: '(body)', message }] });
      expect((err as AppError).status).to.equal(400);
    }
    expect(await suite.knex('calls').count({ n: '*' })).to.deep.equal([{ n: 0 }]);
  });
});
