import { expect } from 'chai';
import pg from 'pg';
import { freshDatabase } from './support/testing';
import { createKnex, migrate } from '../src/db';

describe('database bootstrap (embedded PostgreSQL)', () => {
  it('creates a fresh UTF-8 database and runs a schema migration once', async () => {
    const db = await freshDatabase('shared_db');
    const knex = createKnex(db.url, 'demo');
    try {
      const migration = {
        name: '001_demo',
        up: async (k: typeof knex) => {
          await k.schema.withSchema('demo').createTable('t', (t) => {
            t.bigInteger('amount_fen').notNullable();
            t.date('on_date').notNullable();
          });
        },
      };
      await migrate(knex, 'demo', [migration]);
      await migrate(knex, 'demo', [migration]);
      await knex('t').insert({ amount_fen: 9007199254740991, on_date: '2027-02-28' });
      const row = await knex('t').first();
      expect(row).to.deep.equal({ amount_fen: 9007199254740991, on_date: '2027-02-28' });
      const enc = await knex.raw('show server_encoding');
      expect(enc.rows[0].server_encoding).to.equal('UTF8');
    } finally {
      await knex.destroy();
      await db.drop();
    }
  });

  it('refuses int8 values beyond the safe integer range rather than rounding them', async () => {
    const db = await freshDatabase('shared_int8');
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      let error: unknown;
      try {
        await client.query('select 9007199254740993::int8 as v');
      } catch (e) {
        error = e;
      }
      expect(String(error)).to.match(/safe integer/);
    } finally {
      await client.end();
      await db.drop();
    }
  });

  it('reads date and date[] as ISO date strings, and instants as Dates', async () => {
    const db = await freshDatabase('shared_dates');
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const r = await client.query(
        `select '2027-03-19'::date as d, array['2027-03-19', null, '2027-10-01']::date[] as ds, '{}'::date[] as none,
                array['2027-03-19T00:00:00+08:00']::timestamptz[] as ts`,
      );
      expect(r.rows[0].d).to.equal('2027-03-19');
      expect(r.rows[0].ds).to.deep.equal(['2027-03-19', null, '2027-10-01']);
      expect(r.rows[0].none).to.deep.equal([]);
      expect(r.rows[0].ts[0]).to.be.instanceOf(Date);
      expect((r.rows[0].ts[0] as Date).toISOString()).to.equal('2027-03-18T16:00:00.000Z');
    } finally {
      await client.end();
      await db.drop();
    }
  });
});
