import type { Knex } from 'knex';
import type { Migration } from '@seatlease/shared';

/**
 * Issue 23: VAT on revenue only (SPEC §2, corrected 2026-12-06), payments reversed rather than
 * deleted, and calls replaced rather than overwritten.
 *
 * Invoices and credit notes issued before this migration keep every figure they were issued
 * with (the immutability triggers stay on: ADD COLUMN rewrites no row): their `tax_basis` says
 * `whole_total`, the rule they were computed under, and their new columns stay null. Nothing is
 * recomputed in place (docs/decisions/0016-vat-on-revenue-and-old-bills.md).
 */
export const revenueTaxAndReversals: Migration = {
  name: '023-revenue-tax-and-reversals',
  async up(knex: Knex) {
    await knex.raw(`
      alter table invoices add column tax_basis text not null default 'whole_total';
      alter table invoices alter column tax_basis set default 'revenue';
      alter table invoices add constraint invoices_tax_basis check (tax_basis in ('whole_total','revenue'));
      alter table invoices add column taxable_fen bigint;
      alter table invoices add column deposit_fen bigint;
      alter table credit_notes add column taxable_fen bigint;
      alter table credit_notes add column tax_fen bigint;
      alter table payments add column reversed_at timestamptz;
      alter table payments add column reversed_on date;
      alter table payments add column reversed_by text;
      alter table payments add column reverse_reason text;
      -- A reversal is a compensating allocation (negative, source 'reversal') on the reversal's
      -- date: the payment's allocations stay, sums net out, and both movements remain on file.
      alter table payment_allocations drop constraint allocations_positive;
      alter table payment_allocations add constraint allocations_signed
        check ((source = 'reversal' and amount_fen < 0) or (source <> 'reversal' and amount_fen > 0));
    `);
    // Credit notes that correct, after a contract's final bill, what records voided since had
    // billed (decision 0017): what is already corrected, so that asking again corrects nothing twice.
    await knex.schema.createTable('void_corrections', (t) => {
      t.bigIncrements('id').primary();
      t.uuid('contract_id').notNullable();
      t.uuid('credit_note_id');
      t.bigInteger('amount_fen').notNullable(); // credited to the tenant (credit note + credit balance)
      t.text('records').notNullable(); // the voided records it cites
      t.date('on_date').notNullable();
      t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      t.index(['contract_id']);
    });
    // A call replaced before it was billed: the record moves here, with who, when and why, and
    // its id is free for the corrected record (docs/decisions/0019-corrected-call-records.md).
    await knex.schema.createTable('voided_calls', (t) => {
      t.bigIncrements('seq').primary();
      t.text('id').notNullable();
      t.uuid('contract_id').notNullable();
      t.text('seat').notNullable();
      t.timestamp('started_at', { useTz: true }).notNullable();
      t.integer('duration_seconds').notNullable();
      t.text('call_type').notNullable();
      t.text('month').notNullable();
      t.integer('billable_minutes').notNullable();
      t.timestamp('imported_at', { useTz: true }).notNullable();
      t.timestamp('voided_at', { useTz: true }).notNullable();
      t.text('voided_by').notNullable();
      t.text('reason').notNullable();
      t.index(['id']);
    });
  },
};
