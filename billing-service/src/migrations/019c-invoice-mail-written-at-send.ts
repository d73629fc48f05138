import type { Knex } from 'knex';
import type { Migration } from '@seatlease/shared';

/**
 * Issue 19: an `invoice_issued` mail may be queued without its subject and text, which the
 * sender writes from the invoice when it sends the mail (decision 0091). Every other mail, and
 * every invoice mail queued before this migration, keeps its text in the row.
 */
export const invoiceMailWrittenAtSend: Migration = {
  name: '019c-invoice-mail-written-at-send',
  async up(knex: Knex) {
    await knex.raw(`
      alter table mail_outbox alter column subject drop not null;
      alter table mail_outbox alter column body_text drop not null;
      alter table mail_outbox add constraint mail_outbox_text_or_invoice check (
        (subject is not null and body_text is not null)
        or (subject is null and body_text is null and kind = 'invoice_issued' and invoice_id is not null));
    `);
  },
};
