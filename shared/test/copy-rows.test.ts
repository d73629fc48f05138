import { expect } from 'chai';
import type { Knex } from 'knex';
import { freshDatabase, type TestDatabase } from './support/testing';
import { createKnex, migrate } from '../src/db';
import { copyText, copyValue, insertRows } from '../src/copy-rows';

describe('insertRows: bulk inserts by COPY', () => {
  let db: TestDatabase;
  let knex: Knex;

  before(async () => {
    db = await freshDatabase('shared_copy');
    knex = createKnex(db.url, 'demo');
    await migrate(knex, 'demo', [
      {
        name: '001_copy',
        up: async (k) => {
          await k.schema.withSchema('demo').createTable('docs', (t) => {
            t.bigIncrements('id').primary();
            t.text('title').notNullable();
            t.specificType('emails', 'text[]').notNullable();
            t.jsonb('warnings').notNullable();
            t.bigInteger('amount_fen').notNullable();
            t.date('on_date').notNullable();
            t.timestamp('at', { useTz: true });
            t.boolean('flag').notNullable().defaultTo(false);
            t.text('status').notNullable().defaultTo('pending');
          });
          await k.raw(`alter table demo.docs add constraint positive check (amount_fen > 0)`);
        },
      },
    ]);
  });

  after(async () => {
    await knex.destroy();
    await db.drop();
  });

  beforeEach(() => knex('docs').truncate());

  it('escapes what COPY text gives meaning to, and nothing else', () => {
    expect(copyText('plain 文本')).to.equal('plain 文本');
    expect(copyText('a\\b\tc\nd\re')).to.equal('a\\\\b\\tc\\nd\\re');
    expect(copyValue(null)).to.equal('\\N');
    expect(copyValue(undefined)).to.equal('\\N');
    expect(copyValue('\\N')).to.equal('\\\\N');
    expect(copyValue(true)).to.equal('t');
    expect(copyValue(-12)).to.equal('-12');
  });

  it('stores every value as written: tricky text, arrays, JSON, dates, nulls and defaults', async () => {
    const tricky = 'tab\there, newline\nthere, backslash \\ and "quotes", \\N, 全角，中文';
    const rows = [
      { title: tricky, emails: ['a@x.cn', 'b"c\\d@x.cn', 'with,comma@x.cn', 'sp ace@x.cn'], warnings: JSON.stringify(['calendar: 2027 unknown', 'tab\tin json']), amount_fen: 9007199254740991, on_date: '2027-02-28', at: new Date('2027-03-10T01:02:03.456Z'), flag: true },
      { title: '', emails: [], warnings: '[]', amount_fen: 1, on_date: '2024-02-29', at: null, flag: false },
    ];
    await knex.transaction((trx) => insertRows(trx, 'docs', rows));
    const stored = await knex('docs').orderBy('id');
    expect(stored.map(({ id: _id, ...r }) => ({ ...r, at: r.at?.toISOString() ?? null }))).to.deep.equal([
      { title: tricky, emails: rows[0]!.emails, warnings: ['calendar: 2027 unknown', 'tab\tin json'], amount_fen: 9007199254740991, on_date: stored[0].on_date, at: '2027-03-10T01:02:03.456Z', flag: true, status: 'pending' },
      { title: '', emails: [], warnings: [], amount_fen: 1, on_date: stored[1].on_date, at: null, flag: false, status: 'pending' },
    ]);
    const dates = await knex.raw(`select on_date::text as d from demo.docs order by id`);
    expect(dates.rows.map((r: { d: string }) => r.d)).to.deep.equal(['2027-02-28', '2024-02-29']);
  });

  it('outside a transaction, runs in one of its own', async () => {
    await insertRows(knex, 'docs', [{ title: 'alone', emails: ['x@y.cn'], warnings: '[]', amount_fen: 5, on_date: '2027-01-01' }]);
    expect(await knex('docs').pluck('title')).to.deep.equal(['alone']);
  });

  it('fails as a whole on a broken constraint, and the transaction with it', async () => {
    const rows = [
      { title: 'good', emails: [], warnings: '[]', amount_fen: 5, on_date: '2027-01-01' },
      { title: 'bad', emails: [], warnings: '[]', amount_fen: 0, on_date: '2027-01-01' },
    ];
    let error: unknown;
    try {
      await knex.transaction(async (trx) => {
        await trx('docs').insert({ title: 'before', emails: [], warnings: '[]', amount_fen: 1, on_date: '2027-01-01' });
        await insertRows(trx, 'docs', rows);
      });
    } catch (e) {
      error = e;
    }
    expect((error as { code?: string }).code).to.equal('23514');
    expect(await knex('docs').count({ n: '*' }).first()).to.deep.equal({ n: 0 });
  });

  it('writes nothing for no rows', async () => {
    await knex.transaction((trx) => insertRows(trx, 'docs', []));
    expect(await knex('docs').count({ n: '*' }).first()).to.deep.equal({ n: 0 });
  });
});
