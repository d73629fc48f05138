/**
 * The call import's one code path (`importCalls`) against the real embedded PostgreSQL, with
 * BillingFacts given by a stub: rows checked and rated while read, the live-period check,
 * chunks COPYed straight into `calls` or, when an id is already on file, through the staging
 * table; idempotency by record id (the first row of an id wins), and all-or-nothing on failure.
 */
import { Readable } from 'node:stream';
import { expect } from 'chai';
import type { Knex } from 'knex';
import { AppError, createKnex, migrate, type BillingFacts } from '@seatlease/shared';
import { freshDatabase, type TestDatabase } from '@seatlease/shared/test/support/testing';
import { migrations } from '../../src/migrations/001-initial';
import { CHUNK_CALLS, importCalls, MAX_CONTRACTS_PER_IMPORT, MAX_LISTED_REJECTIONS, type ImportCallsOptions } from '../../src/usage/import-calls';
import { FactsBuilder } from '../engine/facts.builder';

const C1 = '11111111-1111-4111-8111-111111111111';
const C2 = '22222222-2222-4222-8222-222222222222';
const MISSING = '33333333-3333-4333-8333-333333333333';
const PENDING = '44444444-4444-4444-8444-444444444444';
const HEADER = 'id,seat,startedAt,durationSeconds,callType';

function factsOf(contractId: string, liveFrom: string): BillingFacts {
  const f = new FactsBuilder({ startMonth: '2027-03', termMonths: 12 }).seats('o1', 2, liveFrom).facts;
  return { ...f, contractId };
}

const FACTS = new Map<string, BillingFacts>([
  [C1, factsOf(C1, '2027-03-15')],
  [C2, factsOf(C2, '2027-04-01')],
  [PENDING, { ...new FactsBuilder().seats('o1', 1, '2027-03-15', { forecast: true }).facts, contractId: PENDING, status: 'pending_opening' }],
]);

function options(extra: Partial<ImportCallsOptions> = {}): ImportCallsOptions {
  return {
    format: 'csv',
    defaultContractId: C1,
    factsOf: async (id) => FACTS.get(id) ?? null,
    nowMs: Date.parse('2027-06-01T00:00:00Z'),
    ...extra,
  };
}

/** The text in small chunks, cutting lines and multi-byte characters, as a network would. */
function chunked(text: string, size = 7): Readable {
  const bytes = Buffer.from(text, 'utf8');
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) parts.push(bytes.subarray(i, i + size));
  return Readable.from(parts, { objectMode: false });
}

describe('usage: importCalls into PostgreSQL', function () {
  let db: TestDatabase;
  let knex: Knex;

  before(async () => {
    db = await freshDatabase('usage_import');
    const migrator = createKnex(db.url, 'billing', { max: 4 });
    await migrate(migrator, 'billing', migrations);
    await migrator.destroy();
    // One connection: every import must give it back usable, failed ones included.
    knex = createKnex(db.url, 'billing', { max: 1 });
  });
  after(async () => {
    await knex.destroy();
    await db.drop();
  });
  beforeEach(async () => knex('calls').delete());

  /** The SQL the import's connection runs during `work` (the pool holds that one connection). */
  async function statementsDuring(work: (seen: string[]) => Promise<unknown>): Promise<string[]> {
    const client = (await knex.client.acquireConnection()) as { query: (...args: unknown[]) => unknown };
    const original = client.query;
    const seen: string[] = [];
    client.query = function (this: unknown, ...args: unknown[]) {
      const q = args[0] as string | { text?: string };
      seen.push((typeof q === 'string' ? q : (q.text ?? '')).replace(/\s+/g, ' ').trim());
      return original.apply(this, args);
    };
    await knex.client.releaseConnection(client);
    try {
      await work(seen);
    } finally {
      client.query = original;
    }
    return seen;
  }
  const count = (statements: string[], prefix: string) => statements.filter((q) => q.startsWith(prefix)).length;
  const csvOf = (rows: string[]) => [HEADER, ...rows].join('\n');

  const stored = async () =>
    knex('calls')
      .orderBy('id')
      .select('id', 'contract_id', 'seat', 'duration_seconds', 'call_type', 'month', 'billable_minutes', knex.raw(`to_char(started_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') as utc`));

  it('keeps good rows, reports bad rows in the middle by their 1-based data row, rates per started minute', async () => {
    const csv = [
      `\uFEFF${HEADER}`,
      'A1,S-01,2027-03-20T09:00:00+08:00,0,local',
      'A2,S-01,2027-03-20T09:05:00+08:00,1,local',
      'A3,S-01,2027-03-20T09:10:00+08:00,-4,local', // row 3: negative duration
      'A4,"S-02, 北楼",2027-03-20T09:15:00+08:00,60,domestic',
      '',
      'A5,S-02,2027-03-20 09:20,61,mobile', // row 5: no offset (the empty line is not a row)
      'A6,S-02,2027-03-20T09:25:00+08:00,61', // row 6: a field short
      '  A7  ,S-03,2027-03-31T16:30:00Z,125,mobile', // 00:30 on 1 April in Shanghai
      'A8,S-03,2027-03-20T09:30:00+08:00,30,fax', // row 8: unknown call type
    ].join('\r\n');
    const s = await importCalls(knex, chunked(csv), options());
    expect(s).to.deep.equal({
      rows: 8,
      accepted: 4,
      duplicates: 0,
      conflicts: [],
      conflictsTotal: 0,
      rejected: [
        { row: 3, message: 'durationSeconds must be a whole number of seconds from 0 to 86400' },
        { row: 5, message: 'startedAt must be an ISO 8601 instant with an offset, e.g. 2027-05-03T10:00:00+08:00' },
        { row: 6, message: 'expected 5 fields as in the header, found 4' },
        { row: 8, message: 'callType must be one of local, domestic, mobile' },
      ],
      rejectedTotal: 4,
      rejectedOmitted: 0,
    });
    expect(await stored()).to.deep.equal([
      { id: 'A1', contract_id: C1, seat: 'S-01', duration_seconds: 0, call_type: 'local', month: '2027-03', billable_minutes: 0, utc: '2027-03-20T01:00:00' },
      { id: 'A2', contract_id: C1, seat: 'S-01', duration_seconds: 1, call_type: 'local', month: '2027-03', billable_minutes: 1, utc: '2027-03-20T01:05:00' },
      { id: 'A4', contract_id: C1, seat: 'S-02, 北楼', duration_seconds: 60, call_type: 'domestic', month: '2027-03', billable_minutes: 1, utc: '2027-03-20T01:15:00' },
      { id: 'A7', contract_id: C1, seat: 'S-03', duration_seconds: 125, call_type: 'mobile', month: '2027-04', billable_minutes: 3, utc: '2027-03-31T16:30:00' },
    ]);
  });

  it('counts duplicates and reports conflicts (an id re-sent with other data), inside a file and across files; an imported call is never changed', async () => {
    const first = [HEADER, 'D1,S,2027-03-20T09:00:00+08:00,61,local', 'D2,S,2027-03-20T09:01:00+08:00,5,local', 'D1,S,2027-03-20T09:02:00+08:00,999,mobile', 'D2,S,2027-03-20T09:01:00+08:00,5,local'].join('\n');
    const once = await importCalls(knex, chunked(first), options());
    expect(once).to.include({ rows: 4, accepted: 2, duplicates: 1, conflictsTotal: 1, rejectedTotal: 0 });
    expect(once.conflicts).to.deep.equal([{ row: 3, id: 'D1', differs: ['startedAt', 'durationSeconds', 'callType'] }]);
    const again = await importCalls(knex, chunked(first), options());
    expect(again).to.include({ rows: 4, accepted: 0, duplicates: 3, conflictsTotal: 1, rejectedTotal: 0 });
    const changed = [HEADER, 'D2,S-9,2027-03-21T09:00:00+08:00,3600,mobile', 'D3,S,2027-03-21T09:00:00+08:00,7,domestic'].join('\n');
    const third = await importCalls(knex, chunked(changed), options());
    expect(third).to.include({ accepted: 1, duplicates: 0, conflictsTotal: 1 });
    expect(third.conflicts).to.deep.equal([{ row: 1, id: 'D2', differs: ['seat', 'startedAt', 'durationSeconds', 'callType'] }]);
    const rows = await stored();
    expect(rows.map((r) => [r.id, r.duration_seconds, r.call_type])).to.deep.equal([
      ['D1', 61, 'local'],
      ['D2', 5, 'local'],
      ['D3', 7, 'domestic'],
    ]);
  });

  it('checks each contract’s live period set-based: outside, unknown and not-yet-open contracts are row rejections', async () => {
    const csv = [
      `${HEADER},contractId`,
      `L1,S,2027-03-14T23:59:59+08:00,10,local,${C1}`, // the day before C1's first seat
      `L2,S,2027-03-14T16:00:00Z,10,local,${C1}`, // 00:00 on 15 March in Shanghai: live
      `L3,S,2027-03-20T09:00:00+08:00,10,local,${C2}`, // C2 opens on 1 April
      `L4,S,2027-04-01T00:00:00+08:00,10,local,${C2}`,
      `L5,S,2027-04-01T00:00:00+08:00,10,local,${MISSING}`,
      `L6,S,2028-03-01T00:00:00+08:00,10,local,`, // the day after the term (default contract C1)
      `L7,S,2028-02-29T23:59:59+08:00,10,local,`,
      `L8,S,2027-03-20T09:00:00+08:00,10,local,${PENDING}`,
    ].join('\n');
    const s = await importCalls(knex, chunked(csv), options());
    expect(s).to.deep.equal({
      rows: 8,
      accepted: 3,
      duplicates: 0,
      conflicts: [],
      conflictsTotal: 0,
      rejected: [
        { row: 1, message: `the call is outside the live period of contract ${C1} (2027-03-15 to 2028-02-29, Asia/Shanghai)` },
        { row: 3, message: `the call is outside the live period of contract ${C2} (2027-04-01 to 2028-02-29, Asia/Shanghai)` },
        { row: 5, message: `contract ${MISSING} was not found` },
        { row: 6, message: `the call is outside the live period of contract ${C1} (2027-03-15 to 2028-02-29, Asia/Shanghai)` },
        { row: 8, message: `contract ${PENDING} has no opened seats yet (status pending_opening), so it can have no calls` },
      ],
      rejectedTotal: 5,
      rejectedOmitted: 0,
    });
    expect((await stored()).map((r) => r.id)).to.deep.equal(['L2', 'L4', 'L7']);
  });

  it('lists the first 1000 rejections in row order, bad format and outside period merged, and counts the rest', async () => {
    const lines = [HEADER];
    for (let i = 1; i <= 1500; i++) {
      // Odd rows: a bad call type (seen while streaming); even rows: before the live period (seen in SQL).
      lines.push(i % 2 === 1 ? `R${i},S,2027-03-20T09:00:00+08:00,10,telex` : `R${i},S,2027-03-01T09:00:00+08:00,10,local`);
    }
    lines.push('OK,S,2027-03-20T09:00:00+08:00,10,local');
    const s = await importCalls(knex, chunked(lines.join('\n'), 4096), options());
    expect(s).to.include({ rows: 1501, accepted: 1, duplicates: 0, rejectedTotal: 1500, rejectedOmitted: 500 });
    expect(s.rejected).to.have.length(MAX_LISTED_REJECTIONS);
    expect(s.rejected.map((r) => r.row)).to.deep.equal(Array.from({ length: 1000 }, (_, i) => i + 1));
    expect(s.rejected[1]!.message).to.match(/outside the live period/);
  });

  it('takes JSON rows as objects: numbers must be numbers, and a non-object is a bad row', async () => {
    const rows = [
      { id: 'J1', seat: 'S', startedAt: '2027-03-20T09:00:00+08:00', durationSeconds: 61, callType: 'mobile' },
      'null',
      { id: 'J2', seat: 'S', startedAt: '2027-03-20T09:00:00+08:00', durationSeconds: '61', callType: 'mobile' },
      { id: 'J3', seat: 'S', startedAt: '2027-04-20T09:00:00+08:00', durationSeconds: 0, callType: 'local', contractId: C2 },
    ];
    const s = await importCalls(knex, Readable.from(rows), options({ format: 'objects' }));
    expect(s).to.deep.equal({
      rows: 4,
      accepted: 2,
      duplicates: 0,
      conflicts: [],
      conflictsTotal: 0,
      rejected: [
        { row: 2, message: 'must be an object {id, seat, startedAt, durationSeconds, callType, contractId?}' },
        { row: 3, message: 'durationSeconds must be a whole number of seconds from 0 to 86400' },
      ],
      rejectedTotal: 2,
      rejectedOmitted: 0,
    });
  });

  it('refuses an unreadable file as a whole and stores nothing of it', async () => {
    const cases: Array<[string, RegExp]> = [
      ['', /the CSV is empty/],
      ['id,seat,started,durationSeconds,callType\nX,S,2027-03-20T09:00:00+08:00,1,local', /missing startedAt; unknown started/],
      [`${HEADER}\nQ1,S,2027-03-20T09:00:00+08:00,1,local\nQ2,"S,2027-03-20T09:00:00+08:00,1,local\n`, /the CSV cannot be read: .*quote/i],
    ];
    for (const [csv, message] of cases) {
      const err = await importCalls(knex, chunked(csv), options()).then(() => null, (e: unknown) => e);
      expect(err, csv).to.be.instanceOf(AppError);
      expect((err as AppError).kind).to.equal('validation');
      expect((err as AppError).message).to.match(message);
    }
    expect(await stored()).to.deep.equal([]);
  });

  it('rolls back everything when facts cannot be had or the source fails, and the connection stays usable', async () => {
    const csv = [HEADER, 'F1,S,2027-03-20T09:00:00+08:00,1,local'].join('\n');
    const upstream = importCalls(knex, chunked(csv), options({ factsOf: async () => Promise.reject(new AppError('upstream', 'contract-service is unreachable')) }));
    await upstream.then(() => expect.fail('should fail'), (e: AppError) => expect(e.kind).to.equal('upstream'));
    const broken = new Readable({
      read() {
        this.push(`${HEADER}\nF2,S,2027-03-20T09:00:00+08:00,1,local\n`);
        this.destroy(new Error('disk gone'));
      },
    });
    await importCalls(knex, broken, options()).then(() => expect.fail('should fail'), (e: Error) => expect(e.message).to.equal('disk gone'));
    expect(await stored()).to.deep.equal([]);
    expect(await importCalls(knex, chunked(csv), options())).to.include({ accepted: 1 });
  });

  it('chunk by chunk: the first row of an id wins, inside a chunk and across chunks, and only chunks with a known id take the staging way', async () => {
    const rows = [
      'K1,S,2027-03-20T09:00:00+08:00,61,local', // chunk 1
      'K2,S,2027-03-20T09:00:00+08:00,62,local',
      'K1,S,2027-03-20T09:00:00+08:00,999,mobile', // a duplicate inside chunk 1
      'K3,S,2027-03-20T09:00:00+08:00,63,local',
      'K4,S,2027-03-20T09:00:00+08:00,64,local', // chunk 2
      'K2,S,2027-03-20T09:00:00+08:00,999,mobile', // on file since chunk 1: chunk 2 takes the staging way
      'K4,S,2027-03-20T09:00:00+08:00,999,mobile', // and holds a duplicate of its own
      'K5,S,2027-03-20T09:00:00+08:00,65,local',
      'K6,S,2027-03-20T09:00:00+08:00,66,local', // chunk 3: all new, copied straight
      'K7,S,2027-03-20T09:00:00+08:00,67,local',
      'K8,S,2027-03-20T09:00:00+08:00,68,local',
      'K8,S,2027-03-20T09:00:00+08:00,999,mobile', // chunk 4: K8 is on file since chunk 3
      'K9,S,2027-03-01T09:00:00+08:00,999,mobile', // before the live period: rejected, not a duplicate
      'K9,S,2027-03-20T09:00:00+08:00,69,local',
    ];
    let summary: unknown;
    const statements = await statementsDuring(async () => (summary = await importCalls(knex, chunked(csvOf(rows)), options({ chunkCalls: 3 }))));
    // A repeated id with other data is a conflict, inside a chunk or across chunks (decision 0019).
    const conflict = (row: number, id: string) => ({ row, id, differs: ['durationSeconds', 'callType'] });
    expect(summary).to.deep.equal({
      rows: 14,
      accepted: 9,
      duplicates: 0,
      conflicts: [conflict(3, 'K1'), conflict(6, 'K2'), conflict(7, 'K4'), conflict(12, 'K8')],
      conflictsTotal: 4,
      rejected: [{ row: 13, message: `the call is outside the live period of contract ${C1} (2027-03-15 to 2028-02-29, Asia/Shanghai)` }],
      rejectedTotal: 1,
      rejectedOmitted: 0,
    });
    expect((await stored()).map((r) => [r.id, r.duration_seconds])).to.deep.equal([
      ['K1', 61], ['K2', 62], ['K3', 63], ['K4', 64], ['K5', 65], ['K6', 66], ['K7', 67], ['K8', 68], ['K9', 69],
    ]);
    expect(count(statements, 'copy calls ')).to.equal(4);
    expect(count(statements, 'rollback to savepoint')).to.equal(2);
    expect(count(statements, 'copy calls_chunk ')).to.equal(2);
  });

  it('a file overlapping an earlier one: its chunks with known ids go through the staging table, counted exactly, stored calls unchanged', async () => {
    const call = (i: number, seconds: number) => `O${String(i).padStart(3, '0')},S,2027-03-20T09:00:00+08:00,${seconds},local`;
    const first = Array.from({ length: 100 }, (_, i) => call(i, i));
    expect(await importCalls(knex, chunked(csvOf(first), 512), options({ chunkCalls: 20 }))).to.include({ accepted: 100, duplicates: 0 });
    // Ids 50–149, with other durations, and id 120 twice: chunks 50–69, 70–89 and 90–108 hold known ids.
    const second = Array.from({ length: 100 }, (_, i) => call(50 + i, 1000 + i));
    second.splice(75, 0, call(120, 5000));
    let summary: unknown;
    const statements = await statementsDuring(async () => (summary = await importCalls(knex, chunked(csvOf(second), 512), options({ chunkCalls: 20 }))));
    // Ids 50–99 come back with other durations, and 120's second row differs from its first: conflicts, not stored.
    expect(summary).to.include({ rows: 101, accepted: 50, duplicates: 0, conflictsTotal: 51, rejectedTotal: 0 });
    expect(count(statements, 'rollback to savepoint')).to.equal(3);
    const rows = await stored();
    expect(rows).to.have.length(150);
    expect(rows.map((r) => r.duration_seconds)).to.deep.equal([...Array.from({ length: 100 }, (_, i) => i), ...Array.from({ length: 50 }, (_, i) => 1050 + i)]);
    // The whole file again: every chunk takes the staging way, nothing changes.
    expect(await importCalls(knex, chunked(csvOf(second), 512), options({ chunkCalls: 20 }))).to.include({ accepted: 0, duplicates: 50, conflictsTotal: 51 });
    expect(await stored()).to.deep.equal(rows);
  });

  it('crosses the real chunk size: a new file is stored whole, the same file again is all duplicates (but its one conflict)', async () => {
    const n = CHUNK_CALLS * 2 + 123;
    const types = ['local', 'domestic', 'mobile'];
    const lines = Array.from({ length: n }, (_, i) => `BIG-${i},S${i % 97},2027-03-${String(15 + (i % 17)).padStart(2, '0')}T10:00:00+08:00,${i % 4000},${types[i % 3]}`);
    lines.push('BIG-7,S,2027-03-20T09:00:00+08:00,1,local'); // the same id in a later chunk
    const csv = csvOf(lines);
    expect(await importCalls(knex, chunked(csv, 64 * 1024), options())).to.include({ rows: n + 1, accepted: n, duplicates: 0, conflictsTotal: 1 });
    expect(await importCalls(knex, chunked(csv, 64 * 1024), options())).to.include({ rows: n + 1, accepted: 0, duplicates: n, conflictsTotal: 1 });
    const [totals] = await knex('calls').select(knex.raw('count(*)::int as calls, sum(billable_minutes)::int as minutes'));
    const minutes = Array.from({ length: n }, (_, i) => Math.ceil((i % 4000) / 60)).reduce((a, b) => a + b, 0);
    expect(totals).to.deep.equal({ calls: n, minutes });
  });

  it('rolls back chunks already copied when the file fails later', async () => {
    const good = Array.from({ length: 50 }, (_, i) => `G${i},S,2027-03-20T09:00:00+08:00,1,local`);
    const csv = `${csvOf(good)}\nG50,"unclosed,2027-03-20T09:00:00+08:00,1,local\n`;
    const err = await importCalls(knex, chunked(csv, 64), options({ chunkCalls: 10 })).then(() => null, (e: unknown) => e);
    expect((err as AppError).message).to.match(/the CSV cannot be read: Quote Not Closed/);
    const tooMany = await importCalls(knex, chunked(csvOf(good), 64), options({ chunkCalls: 10, maxRows: 49 })).then(() => null, (e: unknown) => e);
    expect(tooMany).to.be.instanceOf(AppError).with.property('kind', 'too_large');
    expect(await stored()).to.deep.equal([]);
    expect(await importCalls(knex, chunked(csvOf(good), 64), options({ chunkCalls: 10 }))).to.include({ accepted: 50 });
  });

  it('stops a COPY under way when the source fails in the middle of a chunk, and stores nothing', async () => {
    // Several batches of COPY data are sent before the chunk of 100,000 calls could end.
    const lines = Array.from({ length: 20_000 }, (_, i) => `W${i},S,2027-03-20T09:00:00+08:00,${i % 600},local`);
    const text = Buffer.from(`${csvOf(lines)}\n`);
    const statements = await statementsDuring(async (seen) => {
      let at = 0;
      const failing = new Readable({
        read() {
          if (at < text.length) {
            this.push(text.subarray(at, at + 64 * 1024));
            at += 64 * 1024;
            return;
          }
          // The end of the text: fail once the COPY is under way.
          const failOnceCopying = () => (seen.some((q) => q.startsWith('copy calls ')) ? this.destroy(new Error('the upload was cut off')) : setTimeout(failOnceCopying, 1));
          failOnceCopying();
        },
      });
      const err = await importCalls(knex, failing, options({ chunkCalls: 100_000 })).then(() => null, (e: unknown) => e);
      expect((err as Error).message).to.equal('the upload was cut off');
    });
    expect(count(statements, 'copy calls ')).to.equal(1);
    expect(statements.at(-1)).to.equal('rollback');
    expect(await stored()).to.deep.equal([]);
    expect(await importCalls(knex, chunked(csvOf(lines.slice(0, 3)), 64), options())).to.include({ accepted: 3 });
  });

  it('fetches the facts of many contracts several at once, the first 1000 named; rows of further contracts are rejected', async () => {
    const contract = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    const lines = [`${HEADER},contractId`];
    for (let i = 1; i <= MAX_CONTRACTS_PER_IMPORT + 2; i++) lines.push(`M${i},S,2027-03-20T09:00:00+08:00,1,local,${contract(i)}`);
    lines.push(`M0,S,2027-03-20T09:00:00+08:00,1,local,${contract(1)}`);
    let inFlight = 0;
    let most = 0;
    const asked: string[] = [];
    const s = await importCalls(
      knex,
      chunked(lines.join('\n'), 4096),
      options({
        factsOf: async (id) => {
          asked.push(id);
          most = Math.max(most, ++inFlight);
          await new Promise((r) => setTimeout(r, 1));
          inFlight--;
          return factsOf(id, '2027-03-01');
        },
      }),
    );
    expect(asked).to.deep.equal(Array.from({ length: MAX_CONTRACTS_PER_IMPORT }, (_, i) => contract(i + 1)));
    expect(most).to.be.within(2, 8);
    expect(s).to.deep.include({
      accepted: MAX_CONTRACTS_PER_IMPORT + 1,
      rejected: [1001, 1002].map((i) => ({ row: i, message: `more than ${MAX_CONTRACTS_PER_IMPORT} contracts in one import: import contract ${contract(i)}'s calls separately` })),
    });
  });

  it('stores ids and seats as written: backslashes, quotes, Chinese, emoji', async () => {
    const csv = csvOf(['"A\\1",坐席\\7,2027-03-20T09:00:00+08:00,1,local', '"B ""2""","北楼, 😀",2027-03-20T09:00:00+08:00,1,local']);
    expect(await importCalls(knex, chunked(csv, 3), options())).to.include({ accepted: 2 });
    expect((await knex('calls').orderBy('id').select('id', 'seat')).map((r) => [r.id, r.seat])).to.deep.equal([
      ['A\\1', '坐席\\7'],
      ['B "2"', '北楼, 😀'],
    ]);
  });

  it('two imports of the same file at once store each call once', async () => {
    const lines = [HEADER];
    for (let i = 0; i < 2000; i++) lines.push(`P${i},S,2027-03-20T09:00:00+08:00,${i % 300},local`);
    const csv = lines.join('\n');
    const wide = createKnex(db.url, 'billing', { max: 4 });
    try {
      const [a, b] = await Promise.all([importCalls(wide, chunked(csv, 8192), options()), importCalls(wide, chunked(csv, 8192), options())]);
      expect(a.accepted + b.accepted).to.equal(2000);
      expect(a.duplicates + b.duplicates).to.equal(2000);
    } finally {
      await wide.destroy();
    }
    expect(Number((await knex('calls').count({ n: '*' }))[0]!.n)).to.equal(2000);
  });
});
