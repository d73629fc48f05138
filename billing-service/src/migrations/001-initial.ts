import type { Knex } from 'knex';
import type { Migration } from '@seatlease/shared';
import { trafficReports } from './016-traffic-reports';
import { revenueTaxAndReversals } from './023-revenue-tax-and-reversals';
import { fapiaoRequests } from './014-fapiao-requests';
import { lists } from './024-lists';
import { idempotentRequestsMigration } from './018-idempotent-requests';
import { supplementaryInvoicesMigration } from './018-supplementary-invoices';
import { fapiaoListIndexes } from './024b-fapiao-list';
import { fewerInvoiceIndexes } from './019-fewer-invoice-indexes';
import { linesBeforeNumbers } from './019b-lines-before-numbers';
import { invoiceMailWrittenAtSend } from './019c-invoice-mail-written-at-send';
import { noContractListIndex } from './019d-no-contract-list-index';

/**
 * The billing schema. Invoices and their lines are written once, in one transaction, and the
 * database refuses to change them afterwards; corrections are credit notes (SPEC §9).
 * Money `bigint` fen, dates `date`, instants `timestamptz`.
 */
export const initial: Migration = {
  name: '001-initial',
  async up(knex: Knex) {
    await knex.schema.createTable('billing_runs', (t) => {
      t.uuid('id').primary();
      t.text('period').notNullable().unique();
      t.text('status').notNullable(); // running | completed
      t.date('issued_on').notNullable();
      t.text('trigger').notNullable(); // api | scheduler
      t.uuid('cursor_contract_id'); // resume point: contracts are billed in id order
      t.integer('invoices_issued').notNullable().defaultTo(0);
      t.integer('contracts_seen').notNullable().defaultTo(0);
      t.timestamp('started_at', { useTz: true }).notNullable();
      t.timestamp('completed_at', { useTz: true });
    });
    await knex.schema.createTable('invoice_numbers', (t) => {
      t.text('series').notNullable(); // INV | CN
      t.integer('year').notNullable();
      t.integer('last').notNullable();
      t.primary(['series', 'year']);
    });
    await knex.schema.createTable('invoices', (t) => {
      t.uuid('id').primary();
      t.text('number').notNullable().unique();
      t.uuid('contract_id').notNullable();
      t.uuid('tenant_id').notNullable();
      t.text('tenant_name').notNullable();
      t.specificType('billing_emails', 'text[]').notNullable();
      t.text('kind').notNullable();
      t.text('period').notNullable();
      t.date('issued_on').notNullable();
      t.date('due_date').notNullable();
      t.text('currency').notNullable().defaultTo('CNY');
      t.bigInteger('total_fen').notNullable();
      t.bigInteger('tax_fen').notNullable();
      t.integer('vat_rate_bp').notNullable();
      t.uuid('run_id');
      t.jsonb('warnings').notNullable().defaultTo('[]');
      t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      // The last line of defence against double billing: one invoice per contract, period and kind.
      t.unique(['contract_id', 'period', 'kind']);
      t.index(['tenant_id', 'issued_on']);
      t.index(['due_date']);
    });
    await knex.raw(`alter table invoices add constraint invoices_kind check (kind in ('opening','monthly','final'))`);
    await knex.schema.createTable('invoice_lines', (t) => {
      t.bigIncrements('id').primary();
      t.uuid('invoice_id').notNullable().references('invoices.id');
      t.uuid('contract_id').notNullable();
      t.integer('position').notNullable();
      t.text('code').notNullable();
      t.text('description').notNullable();
      t.bigInteger('quantity').notNullable();
      t.bigInteger('unit_amount_fen').notNullable();
      t.bigInteger('amount_fen').notNullable();
      t.text('period').notNullable();
      t.text('clause').notNullable();
      t.text('formula').notNullable();
      t.text('ref').notNullable();
      t.unique(['invoice_id', 'position']);
      t.index(['contract_id']);
    });
    await knex.schema.createTable('credit_notes', (t) => {
      t.uuid('id').primary();
      t.text('number').notNullable().unique();
      t.uuid('invoice_id').notNullable().references('invoices.id');
      t.uuid('tenant_id').notNullable();
      t.bigInteger('amount_fen').notNullable();
      t.text('reason').notNullable();
      t.date('issued_on').notNullable();
      t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      t.index(['invoice_id']);
    });
    await knex.raw(`alter table credit_notes add constraint credit_notes_positive check (amount_fen > 0)`);
    // Issued documents are immutable: the database refuses to rewrite them.
    await knex.raw(`
      create function billing_refuse_change() returns trigger language plpgsql as $$
      begin
        raise exception '% is immutable once issued: % refused', tg_table_name, tg_op using errcode = 'insufficient_privilege';
      end $$;
      create trigger invoices_immutable before update or delete or truncate on invoices
        for each statement execute function billing_refuse_change();
      create trigger invoice_lines_immutable before update or delete or truncate on invoice_lines
        for each statement execute function billing_refuse_change();
      create trigger credit_notes_immutable before update or delete or truncate on credit_notes
        for each statement execute function billing_refuse_change();
      -- Lines are written with their invoice, in the issuing transaction (its created_at is that
      -- transaction's now()); a line added to an invoice issued earlier is refused.
      create function invoice_lines_with_their_invoice() returns trigger language plpgsql as $$
      begin
        if exists (select 1 from new_lines l join invoices i on i.id = l.invoice_id where i.created_at <> now()) then
          raise exception 'invoice_lines: an issued invoice takes no new lines' using errcode = 'insufficient_privilege';
        end if;
        return null;
      end $$;
      create trigger invoice_lines_insert_guard after insert on invoice_lines
        referencing new table as new_lines
        for each statement execute function invoice_lines_with_their_invoice();
    `);
    // The deposit is money we owe back, never revenue: a ledger of what is held per contract.
    await knex.schema.createTable('deposit_ledger', (t) => {
      t.bigIncrements('id').primary();
      t.uuid('contract_id').notNullable();
      t.uuid('tenant_id').notNullable();
      t.text('entry').notNullable(); // held | topped_up | released | settled | refunded
      t.bigInteger('amount_fen').notNullable(); // + we hold more, − we hold less
      t.uuid('invoice_id');
      t.uuid('refund_id');
      t.date('on_date').notNullable();
      t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      t.index(['contract_id']);
    });
    await knex.schema.createTable('refunds', (t) => {
      t.uuid('id').primary();
      // One deposit refund per contract, at its end: re-running the final settlement is a no-op.
      t.uuid('contract_id').notNullable().unique();
      t.uuid('tenant_id').notNullable();
      t.bigInteger('amount_fen').notNullable();
      t.text('status').notNullable(); // pending | confirmed
      t.text('reason').notNullable();
      t.date('created_on').notNullable();
      t.date('confirmed_on');
      t.text('reference');
    });
    // Tenant credit balance: overpayments and credits carried forward (+), credit applied (−).
    await knex.schema.createTable('credit_ledger', (t) => {
      t.bigIncrements('id').primary();
      t.uuid('tenant_id').notNullable();
      t.uuid('contract_id');
      t.text('entry').notNullable(); // overpayment | carried | applied | refunded
      t.bigInteger('amount_fen').notNullable();
      t.uuid('invoice_id');
      t.uuid('payment_id');
      t.date('on_date').notNullable();
      t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      t.index(['tenant_id']);
    });
    await knex.schema.createTable('payments', (t) => {
      t.uuid('id').primary();
      t.uuid('tenant_id').notNullable();
      t.bigInteger('amount_fen').notNullable();
      t.text('currency').notNullable().defaultTo('CNY');
      t.text('method').notNullable(); // bank_transfer | card | alipay | wechat_pay
      t.text('reference').notNullable();
      t.date('received_on').notNullable();
      t.text('stripe_payment_intent_id').unique();
      t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      t.index(['tenant_id']);
    });
    await knex.raw(`alter table payments add constraint payments_positive check (amount_fen > 0)`);
    await knex.schema.createTable('payment_allocations', (t) => {
      t.bigIncrements('id').primary();
      t.uuid('payment_id').references('payments.id');
      t.uuid('invoice_id').notNullable().references('invoices.id');
      /** Where the money came from when it is not a payment: the deposit or tenant credit. */
      t.text('source').notNullable().defaultTo('payment'); // payment | deposit | credit
      t.bigInteger('amount_fen').notNullable();
      t.date('on_date').notNullable();
      t.index(['invoice_id']);
    });
    await knex.raw(`alter table payment_allocations add constraint allocations_positive check (amount_fen > 0)`);
    await knex.schema.createTable('stripe_payment_intents', (t) => {
      t.text('id').primary();
      t.uuid('invoice_id').notNullable().references('invoices.id');
      t.bigInteger('amount_fen').notNullable();
      t.text('status').notNullable();
      t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    });
    await knex.schema.createTable('stripe_events', (t) => {
      t.text('id').primary();
      t.text('type').notNullable();
      t.bigInteger('created').notNullable();
      t.timestamp('received_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    });
    // Each notice once: keyed (contract or invoice, kind, stage) with a unique constraint.
    await knex.schema.createTable('notices', (t) => {
      t.text('key').primary();
      t.text('kind').notNullable();
      t.uuid('contract_id');
      t.uuid('invoice_id');
      t.date('on_date').notNullable();
      t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    });
    // Mail is written in the same transaction as its cause and delivered by the sender.
    await knex.schema.createTable('mail_outbox', (t) => {
      t.uuid('id').primary();
      t.text('notice_key');
      t.text('kind').notNullable();
      t.specificType('recipients', 'text[]').notNullable();
      t.text('subject').notNullable();
      t.text('body_text').notNullable();
      t.uuid('invoice_id'); // the invoice PDF to attach, rendered at send time
      t.uuid('credit_note_id');
      t.text('status').notNullable().defaultTo('pending'); // pending | sent
      t.integer('attempts').notNullable().defaultTo(0);
      t.timestamp('next_attempt_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      t.text('last_error');
      t.text('message_id');
      t.timestamp('sent_at', { useTz: true });
      t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      t.index(['status', 'next_attempt_at']);
    });
    // Scheduled work, exactly once across replicas: one row per (job, slot).
    await knex.schema.createTable('job_slots', (t) => {
      t.text('job').notNullable();
      t.timestamp('slot', { useTz: true }).notNullable();
      t.text('status').notNullable(); // running | done | failed
      t.text('owner').notNullable();
      t.timestamp('started_at', { useTz: true }).notNullable();
      t.timestamp('finished_at', { useTz: true });
      t.jsonb('result');
      t.primary(['job', 'slot']);
    });
    await knex.schema.createTable('job_cursors', (t) => {
      t.text('job').primary();
      t.timestamp('last_slot', { useTz: true }).notNullable();
    });
    await knex.schema.createTable('calendar_overrides', (t) => {
      t.integer('year').primary();
      t.specificType('holidays', 'date[]').notNullable();
      t.specificType('workdays', 'date[]').notNullable();
      t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    });
    // Call detail records (§2.A6 电话费单算), idempotent by record id.
    await knex.schema.createTable('calls', (t) => {
      t.text('id').primary();
      t.uuid('contract_id').notNullable();
      t.text('seat').notNullable();
      t.timestamp('started_at', { useTz: true }).notNullable();
      t.integer('duration_seconds').notNullable();
      t.text('call_type').notNullable();
      t.text('month').notNullable(); // Asia/Shanghai month of started_at
      t.integer('billable_minutes').notNullable(); // ceil(duration / 60), §7 不足一分钟按一分钟
      t.timestamp('imported_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      t.index(['contract_id', 'month']);
    });
  },
};

/** Every migration of the schema, in order (later ones in their own files). */
export const migrations: Migration[] = [initial, trafficReports, revenueTaxAndReversals, fapiaoRequests, lists, idempotentRequestsMigration, supplementaryInvoicesMigration, fapiaoListIndexes, fewerInvoiceIndexes, linesBeforeNumbers, invoiceMailWrittenAtSend, noContractListIndex];
