import type { Knex } from 'knex';
import type { Migration } from '@seatlease/shared';

/**
 * Scorecards by mail (docs/decisions/0074): an agent's address, the tenant's supervisors'
 * addresses, and this service's own mail outbox, written in the transaction that publishes a
 * month or upholds an appeal and delivered by the shared sender (shared/src/mail/).
 */
export const scorecardMail: Migration = {
  name: '017c-scorecard-mail',
  async up(knex: Knex) {
    await knex.schema.alterTable('agents', (t) => {
      t.text('email');
    });
    await knex.schema.alterTable('tenant_settings', (t) => {
      t.specificType('supervisor_emails', 'text[]').notNullable().defaultTo('{}');
    });
    await knex.schema.createTable('mail_outbox', (t) => {
      t.uuid('id').primary();
      t.text('kind').notNullable();
      t.specificType('recipients', 'text[]').notNullable();
      t.text('subject').notNullable();
      t.text('body_text').notNullable();
      /** The scorecard whose PDF is attached, rendered at send time. */
      t.uuid('scorecard_id').references('scorecards.id');
      /** The publication whose month grid (CSV) is attached, rendered at send time. */
      t.uuid('publication_id').references('publications.id');
      t.text('status').notNullable().defaultTo('pending');
      t.integer('attempts').notNullable().defaultTo(0);
      t.timestamp('next_attempt_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      t.text('last_error');
      t.text('message_id');
      t.timestamp('sent_at', { useTz: true });
      t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      t.index(['status', 'next_attempt_at']);
    });
    await knex.raw(`alter table mail_outbox add constraint mail_outbox_kind check (kind in ('scorecard_published','scorecard_corrected','month_published'))`);
    await knex.raw(`alter table mail_outbox add constraint mail_outbox_status check (status in ('pending','sent'))`);
  },
};
