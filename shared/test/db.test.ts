import { expect } from 'chai';
import pg from 'pg';
import { freshDatabase } from '../src/testing';
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
});
