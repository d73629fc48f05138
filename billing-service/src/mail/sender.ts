/**
 * Billing's mail sender: the shared outbox sender (shared/src/mail/outbox-sender.ts — locking,
 * retries with backoff, at-least-once with a stable Message-ID) over billing's `mail_outbox`,
 * with billing's own rule for what a row becomes: staff alerts fall back to the staff address,
 * and a row naming an invoice, a credit note or a traffic report carries its PDF, never sent
 * without it.
 */
import { OutboxSender, type OutboxSenderOptions } from '@seatlease/shared/src/mail/outbox-sender';
import type { MailAttachment } from '@seatlease/shared/src/mail/transport';
import type { OutboxCoreRow } from '@seatlease/shared/src/mail/outbox-delivery.repository';
import type { NoticeKind } from './outbox.repository';

export { retryDelayMs } from '@seatlease/shared/src/mail/outbox-sender';

/** A row of billing's outbox. */
export interface OutboxRow extends OutboxCoreRow {
  notice_key: string | null;
  kind: NoticeKind;
  invoice_id: string | null;
  credit_note_id: string | null;
}

export type RenderAttachment = (row: OutboxRow) => Promise<{ filename: string; content: Buffer } | null>;

export interface MailSenderOptions extends Omit<OutboxSenderOptions<OutboxRow>, 'compose'> {
  /**
   * Where staff alerts go (config SEATLEASE_STAFF_EMAIL). A staff_alert row is sent to its
   * recipients as queued; this address is only the fallback for one queued without any.
   */
  staffEmail: string;
  /** The PDF for a row with `invoice_id` or `credit_note_id`. */
  renderAttachment: RenderAttachment;
  /**
   * The subject and text of an `invoice_issued` row queued without them (decision 0091), written
   * from its invoice; null when the invoice is not found (the row is then kept and retried).
   */
  writeInvoiceMail: (invoiceId: string) => Promise<{ subject: string; text: string } | null>;
}

export class MailSender extends OutboxSender<OutboxRow> {
  constructor(opts: MailSenderOptions) {
    super({
      ...opts,
      compose: async (row) => {
        let to = Array.isArray(row.recipients) ? row.recipients.filter((r) => r.trim() !== '') : [];
        if (to.length === 0 && row.kind === 'staff_alert') to = [opts.staffEmail];
        // Kept and retried like any failure, so that it shows in the outbox and the log until fixed.
        if (to.length === 0) throw new Error('the mail has no recipients (e.g. a tenant without billing emails)');
        const attachments: MailAttachment[] = [];
        // The traffic report (issue 16) carries its PDF too, rendered from the report's snapshot.
        if (row.invoice_id || row.credit_note_id || row.kind === 'traffic_report') {
          const doc = await opts.renderAttachment(row);
          // invoice_issued promises a PDF (API.md): never send the mail without it.
          if (!doc) throw new Error(`no PDF for ${row.invoice_id ? `invoice ${row.invoice_id}` : row.credit_note_id ? `credit note ${row.credit_note_id}` : `notice ${row.notice_key}`}`);
          attachments.push({
            filename: doc.filename,
            content: doc.content,
            contentType: doc.filename.toLowerCase().endsWith('.pdf') ? 'application/pdf' : 'application/octet-stream',
          });
        }
        if (row.subject !== null && row.body_text !== null) return { to, attachments };
        const written = row.kind === 'invoice_issued' && row.invoice_id ? await opts.writeInvoiceMail(row.invoice_id) : null;
        if (!written) throw new Error(`no text for the ${row.kind} mail of ${row.invoice_id ? `invoice ${row.invoice_id}` : `row ${row.id}`}`);
        return { to, attachments, ...written };
      },
    });
  }
}
