import type { Knex } from 'knex';
import type { Migration } from '@seatlease/shared';

/**
 * Issue 19: a bill's lines may be written before its invoice row, in the same transaction. The
 * lines' foreign key to `invoices` becomes DEFERRABLE (still checked at once unless a
 * transaction defers it): issuing defers it, writes the lines and the deposit ledger, and only
 * then takes the invoice numbers and writes the invoices — so the invoice number counter, held
 * from the numbers to the commit (gapless numbers), is held over less work
 * (docs/decisions/0090-write-before-numbering.md). The key is still checked, at the commit.
 */
export const linesBeforeNumbers: Migration = {
  name: '019b-lines-before-numbers',
  async up(knex: Knex) {
    await knex.raw('alter table invoice_lines alter constraint invoice_lines_invoice_id_foreign deferrable initially immediate');
  },
};
