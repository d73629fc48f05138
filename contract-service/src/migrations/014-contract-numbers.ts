import type { Knex } from 'knex';
import type { Migration } from '@seatlease/shared';

/**
 * Human-readable contract numbers, `HT-2027-000001` (合同): gapless and unique per year of
 * signing, from a counter row locked by the signing transaction, like bill numbers (SPEC §9).
 * Contracts signed before this migration are numbered in signing order.
 */
export const contractNumbers: Migration = {
  name: '014-contract-numbers',
  async up(knex: Knex) {
    await knex.schema.createTable('contract_numbers', (t) => {
      t.integer('year').primary();
      t.integer('last').notNullable();
    });
    await knex.schema.alterTable('contracts', (t) => {
      t.text('number').unique();
    });
    await knex.raw(`
      update contracts c set number = n.number
        from (select id, 'HT-' || extract(year from signed_on)::int || '-' ||
                     lpad(row_number() over (partition by extract(year from signed_on) order by signed_on, created_at, id)::text, 6, '0') as number
                from contracts) n
       where n.id = c.id`);
    await knex.raw(`
      insert into contract_numbers (year, last)
      select extract(year from signed_on)::int, count(*) from contracts group by 1`);
    await knex.raw(`alter table contracts alter column number set not null`);
  },
};
