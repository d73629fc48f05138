import type { Knex } from 'knex';
import type { Migration } from '@seatlease/shared';

/**
 * Fapiao requests (decision 0021): one blue request per bill with revenue, made when it is paid
 * (or issued: SEATLEASE_FAPIAO_REQUEST_ON), one 红字 request per later credit note; finance
 * issues them on the tax platform and records the fapiao's number and date back.
 */
export const fapiaoRequests: Migration = {
  name: '014-fapiao-requests',
  async up(knex: Knex) {
    await knex.schema.createTable('fapiao_requests', (t) => {
      t.uuid('id').primary(); // UUIDv7: the list's keyset order is creation order
      t.text('kind').notNullable(); // blue | red
      t.uuid('invoice_id').notNullable().references('invoices.id');
      t.uuid('credit_note_id').unique().references('credit_notes.id');
      t.uuid('tenant_id').notNullable();
      t.text('status').notNullable(); // pending | issued | not_required
      t.text('reason'); // why not required, or what a blue request nets off
      t.boolean('tax_inclusive').notNullable(); // 是否含税 of the export
      t.integer('vat_rate_bp').notNullable();
      t.bigInteger('gross_fen').notNullable(); // 价税合计
      t.bigInteger('net_fen').notNullable(); // 金额 excl. tax
      t.bigInteger('tax_fen').notNullable();
      t.jsonb('lines').notNullable(); // FapiaoLine[]
      t.date('requested_on').notNullable();
      t.text('fapiao_number').unique();
      t.date('issued_on');
      t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      t.index(['tenant_id']);
      t.index(['status', 'id']);
    });
    await knex.raw(`alter table fapiao_requests add constraint fapiao_requests_kind check (kind in ('blue','red'))`);
    await knex.raw(`alter table fapiao_requests add constraint fapiao_requests_status check (status in ('pending','issued','not_required'))`);
    await knex.raw(`alter table fapiao_requests add constraint fapiao_requests_red_has_note check ((kind = 'red') = (credit_note_id is not null))`);
    await knex.raw(`alter table fapiao_requests add constraint fapiao_requests_issued check ((status = 'issued') = (fapiao_number is not null and issued_on is not null))`);
    await knex.raw(`alter table fapiao_requests add constraint fapiao_requests_sums check (gross_fen = net_fen + tax_fen and gross_fen >= 0)`);
    // One blue request per bill, whatever runs concurrently.
    await knex.raw(`create unique index fapiao_requests_one_blue on fapiao_requests (invoice_id) where kind = 'blue'`);
  },
};
