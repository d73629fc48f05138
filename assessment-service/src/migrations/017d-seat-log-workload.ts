import type { Knex } from 'knex';
import type { Migration } from '@seatlease/shared';

/**
 * Handled counts from the seat shift log (docs/decisions/0075): an agent's account in the seat
 * log, and where a workday came from — recorded by a supervisor, or derived at publication from
 * the seats the agent staffed and the calls those seats took.
 */
export const seatLogWorkload: Migration = {
  name: '017d-seat-log-workload',
  async up(knex: Knex) {
    await knex.schema.alterTable('agents', (t) => {
      t.text('seat_account');
    });
    await knex.raw(`create unique index agents_seat_account on agents (tenant_id, seat_account) where seat_account is not null`);
    await knex.schema.alterTable('workdays', (t) => {
      t.text('source').notNullable().defaultTo('recorded');
    });
    await knex.raw(`alter table workdays add constraint workdays_source check (source in ('recorded','seat_log'))`);
  },
};
