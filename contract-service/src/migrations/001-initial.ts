import type { Knex } from 'knex';
import type { Migration } from '@seatlease/shared';
import { incidentsAndSeatLog } from './016-incidents-and-seat-log';
import { voidedRecords } from './023-voided-records';
import { invoicingProfiles } from './014-invoicing-profiles';
import { contractNumbers } from './014-contract-numbers';
import { lists } from './024-lists';
import { idempotentRequestsMigration } from './018-idempotent-requests';
import { listIndexes } from './024b-list-indexes';

/**
 * The contract schema: tenants, the price list, contracts and everything that happens to them.
 * Money `bigint` fen, dates `date`, instants `timestamptz` (STYLE habits 4, 5).
 */
export const initial: Migration = {
  name: '001-initial',
  async up(knex: Knex) {
    await knex.schema.createTable('tenants', (t) => {
      t.uuid('id').primary();
      t.text('name').notNullable();
      t.specificType('billing_emails', 'text[]').notNullable();
      t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    });
    await knex.schema.createTable('price_list', (t) => {
      t.text('tier').primary();
      t.bigInteger('seat_fee_fen').notNullable();
      t.bigInteger('circuit_fee_fen').notNullable();
      t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    });
    await knex.raw(`alter table price_list add constraint price_list_tier check (tier in ('province','prefecture','county'))`);
    await knex('price_list').insert(
      ['province', 'prefecture', 'county'].map((tier) => ({ tier, seat_fee_fen: 200000, circuit_fee_fen: 0 })),
    );
    await knex.schema.createTable('contracts', (t) => {
      t.uuid('id').primary();
      t.uuid('tenant_id').notNullable().references('tenants.id');
      t.text('seat_tier').notNullable();
      t.date('signed_on').notNullable();
      t.text('start_month').notNullable();
      t.integer('term_months').notNullable();
      t.integer('vat_rate_bp').notNullable();
      t.integer('restore_window_hours').notNullable();
      t.bigInteger('call_rate_local_fen').notNullable();
      t.bigInteger('call_rate_domestic_fen').notNullable();
      t.bigInteger('call_rate_mobile_fen').notNullable();
      /** pending_opening | active | suspended; terminated and expired are derived from dates. */
      t.text('status').notNullable();
      t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      t.index(['tenant_id']);
    });
    await knex.raw(`alter table contracts add constraint contracts_status check (status in ('pending_opening','active','suspended'))`);
    await knex.raw(`alter table contracts add constraint contracts_term check (term_months between 1 and 600)`);
    await knex.schema.createTable('contract_prices', (t) => {
      t.uuid('contract_id').notNullable().references('contracts.id');
      t.text('effective_month').notNullable();
      t.bigInteger('seat_fee_fen').notNullable();
      t.bigInteger('circuit_fee_fen').notNullable();
      t.primary(['contract_id', 'effective_month']);
    });
    await knex.schema.createTable('seat_orders', (t) => {
      t.uuid('id').primary();
      t.uuid('contract_id').notNullable().references('contracts.id');
      t.text('kind').notNullable();
      t.integer('quantity').notNullable();
      t.date('effective_date').notNullable();
      t.boolean('initial').notNullable().defaultTo(false);
      t.date('opened_on');
      t.boolean('excused').notNullable().defaultTo(false);
      t.text('excuse_reason');
      t.text('override_reason');
      t.integer('days_late').notNullable().defaultTo(0);
      t.bigInteger('penalty_fen').notNullable().defaultTo(0);
      t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      t.index(['contract_id']);
    });
    await knex.raw(`alter table seat_orders add constraint seat_orders_kind check (kind in ('add','return'))`);
    await knex.raw(`alter table seat_orders add constraint seat_orders_quantity check (quantity > 0)`);
    await knex.schema.createTable('outages', (t) => {
      t.uuid('id').primary();
      t.uuid('contract_id').notNullable().references('contracts.id');
      t.timestamp('started_at', { useTz: true }).notNullable();
      t.timestamp('ended_at', { useTz: true }).notNullable();
      t.integer('seats_affected').notNullable();
      t.text('cause').notNullable();
      t.text('description');
      t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      t.index(['contract_id']);
    });
    await knex.raw(`alter table outages add constraint outages_order check (ended_at > started_at)`);
    await knex.raw(`alter table outages add constraint outages_cause check (cause in ('provider','tenant','maintenance'))`);
    await knex.schema.createTable('force_majeure', (t) => {
      t.uuid('id').primary();
      t.timestamp('started_at', { useTz: true }).notNullable();
      t.timestamp('ended_at', { useTz: true }).notNullable();
      t.date('notice_given_on').notNullable();
      t.text('claimed_by').notNullable();
      t.text('description').notNullable();
      t.boolean('all_contracts').notNullable();
      t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    });
    await knex.schema.createTable('force_majeure_contracts', (t) => {
      t.uuid('force_majeure_id').notNullable().references('force_majeure.id');
      t.uuid('contract_id').notNullable().references('contracts.id');
      t.primary(['force_majeure_id', 'contract_id']);
    });
    await knex.schema.createTable('terminations', (t) => {
      t.uuid('id').primary();
      t.uuid('contract_id').notNullable().unique().references('contracts.id');
      t.text('kind').notNullable();
      t.date('notice_date').notNullable();
      t.date('effective_date').notNullable();
      t.text('reason');
      t.integer('seats_live_at_notice').notNullable();
      t.bigInteger('monthly_fee_at_notice_fen').notNullable();
      t.integer('term_months_at_notice').notNullable();
      t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    });
    await knex.schema.createTable('renewals', (t) => {
      t.uuid('id').primary();
      t.uuid('contract_id').notNullable().references('contracts.id');
      t.integer('term_months').notNullable();
      t.text('effective_month');
      t.bigInteger('seat_fee_fen');
      t.bigInteger('circuit_fee_fen');
      t.date('agreed_on').notNullable();
      t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    });
    await knex.schema.createTable('transfers', (t) => {
      t.uuid('id').primary();
      t.uuid('contract_id').notNullable().references('contracts.id');
      t.uuid('from_tenant_id').notNullable();
      t.uuid('to_tenant_id').notNullable();
      t.date('consent_given_on').notNullable();
      t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    });
    await knex.schema.createTable('one_off_charges', (t) => {
      t.uuid('id').primary();
      t.uuid('contract_id').notNullable().references('contracts.id');
      t.bigInteger('amount_fen').notNullable();
      t.text('description').notNullable();
      t.text('clause');
      t.date('created_on').notNullable();
      t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    });
    await knex.schema.createTable('suspensions', (t) => {
      t.uuid('id').primary();
      t.uuid('contract_id').notNullable().references('contracts.id');
      t.date('from_date').notNullable();
      t.date('to_date');
      t.text('reason').notNullable();
    });
    // Append-only audit log: who, when, what, why — the database refuses to rewrite history.
    await knex.schema.createTable('audit_log', (t) => {
      t.bigIncrements('id').primary();
      t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      t.text('actor_key_id').notNullable();
      t.text('actor_role').notNullable();
      t.text('action').notNullable();
      t.text('entity').notNullable();
      t.text('entity_id').notNullable();
      t.uuid('contract_id');
      t.text('reason');
      t.jsonb('data').notNullable();
      t.index(['contract_id']);
    });
    await knex.raw(`
      create function audit_log_is_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'audit_log is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
      end $$;
      create trigger audit_log_append_only before update or delete or truncate on audit_log
        for each statement execute function audit_log_is_append_only();
    `);
  },
};

/** Every migration of the schema, in order (later ones in their own files). */
export const migrations: Migration[] = [initial, incidentsAndSeatLog, voidedRecords, invoicingProfiles, contractNumbers, lists, idempotentRequestsMigration, listIndexes];
