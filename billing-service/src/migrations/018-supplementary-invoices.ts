/**
 * Issue 18: invoices of kind `supplementary` — calls that arrive after a contract's final invoice
 * are billed on one, with its own INV number and mail, instead of being lost (decision 0042).
 */
import type { Knex } from 'knex';
import type { Migration } from '@seatlease/shared';

export const supplementaryInvoicesMigration: Migration = {
  name: '018-supplementary-invoices',
  async up(knex: Knex) {
    await knex.raw(`alter table invoices drop constraint invoices_kind`);
    await knex.raw(`alter table invoices add constraint invoices_kind check (kind in ('opening','monthly','final','supplementary'))`);
  },
};
