import type { Knex } from 'knex';
import type { Migration } from '@seatlease/shared';

/**
 * Issue 23 (SPEC §5, 2026-12-06): a record entered by mistake is voided with a reason — kept,
 * never deleted. Each kind a person enters gets who voided it, when and why; a voided record
 * leaves the contract's facts and the next bill corrects what it had billed.
 */
export const voidedRecords: Migration = {
  name: '023-voided-records',
  async up(knex: Knex) {
    for (const table of ['outages', 'force_majeure', 'one_off_charges', 'seat_orders']) {
      await knex.raw(`
        alter table ${table} add column voided_at timestamptz;
        alter table ${table} add column voided_by text;
        alter table ${table} add column void_reason text;
        alter table ${table} add constraint ${table}_void_complete
          check ((voided_at is null) = (voided_by is null) and (voided_at is null) = (void_reason is null));
      `);
    }
  },
};
