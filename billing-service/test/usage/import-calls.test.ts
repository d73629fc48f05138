/**
 * The call import's one code path (`importCalls`) against the real embedded PostgreSQL, with
 * BillingFacts given by a stub: staging by COPY, the set-based live-period check, idempotency
 * by record id, and all-or-nothing on failure.
 */
import { Readable } from 'node:stream';
import { expect } from 'chai';
import type { Knex } from 'knex';
import { AppError, createKnex, migrate, type BillingFacts } from '@seatlease/shared';
import { freshDatabase, type TestDatabase } from '@seatlease/shared/src/testing';
import { migrations } from '../../src/migrations/001-initial';
import { importCalls, MAX_LISTED_REJECTIONS, type ImportCallsOptions } from '../../src/usage/import-calls';
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

  it('counts duplicates inside a file and across files; an imported call is never changed', async () => {
    const first = [HEADER, 'D1,S,2027-03-20T09:00:00+08:00,61,local', 'D2,S,2027-03-20T09:01:00+08:00,5,local', 'D1,S,2027-03-20T09:02:00+08:00,999,mobile'].join('\n');
    expect(await importCalls(knex, chunked(first), options())).to.include({ rows: 3, accepted: 2, duplicates: 1, rejectedTotal: 0 });
    const again = await importCalls(knex, chunked(first), options());
    expect(again).to.include({ rows: 3, accepted: 0, duplicates: 3, rejectedTotal: 0 });
    const changed = [HEADER, 'D2,S-9,2027-03-21T09:00:00+08:00,3600,mobile', 'D3,S,2027-03-21T09:00:00+08:00,7,domestic'].join('\n');
    expect(await importCalls(knex, chunked(changed), options())).to.include({ accepted: 1, duplicates: 1 });
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
