/**
 * The mail outbox: a mail is queued in the same transaction as the event that causes it, so it
 * exists exactly when its cause does; the sender delivers it later, with retries.
 */
import type { Knex } from 'knex';
import { insertRows } from '@seatlease/shared/src/copy-rows';
import { newRowId } from '../ids';

export const NOTICE_KINDS = [
  'invoice_issued',
  'payment_reminder',
  'payment_overdue',
  'suspension_warning',
  'suspended',
  'renewal_notice',
  'payment_received',
  'credit_note_issued',
  'staff_alert',
  // Issue 16: seat operations.
  'major_fault_warning',
  'service_restored',
  'traffic_report',
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export interface QueuedMail {
  kind: NoticeKind;
  recipients: string[];
  /**
   * Null (both) only for an `invoice_issued` mail: the sender writes it from the invoice when it
   * sends it (decision 0091), so that a billing run writes no text per bill (migration 019c).
   */
  subject: string | null;
  bodyText: string | null;
  invoiceId?: string | null;
  creditNoteId?: string | null;
  noticeKey?: string | null;
}

function outboxRow(mail: QueuedMail, nowMs: number) {
  return {
    id: newRowId(),
    notice_key: mail.noticeKey ?? null,
    kind: mail.kind,
    recipients: mail.recipients,
    subject: mail.subject,
    body_text: mail.bodyText,
    invoice_id: mail.invoiceId ?? null,
    credit_note_id: mail.creditNoteId ?? null,
    status: 'pending',
    attempts: 0,
    // Delivery happens in real time: under the test clock (ahead of today) the mail is due now,
    // not when the real calendar reaches the test date.
    next_attempt_at: new Date(Math.min(nowMs, Date.now())),
  };
}

export async function queueMail(trx: Knex | Knex.Transaction, mail: QueuedMail, nowMs: number): Promise<string> {
  const row = outboxRow(mail, nowMs);
  await trx('mail_outbox').insert(row);
  return row.id;
}

/** queueMail of many mails in one statement per 1,000 (a billing run's batch). */
export async function queueMails(trx: Knex | Knex.Transaction, mails: readonly QueuedMail[], nowMs: number): Promise<void> {
  const rows = mails.map((m) => outboxRow(m, nowMs));
  await insertRows(trx, 'mail_outbox', rows);
}

/**
 * Records a notice once: the key (contract or invoice, kind, stage) is unique, so replicas and
 * retries that race to send it agree on one winner. Answers whether this caller won.
 */
export async function claimNotice(
  trx: Knex | Knex.Transaction,
  notice: { key: string; kind: NoticeKind; contractId?: string | null; invoiceId?: string | null; onDate: string },
): Promise<boolean> {
  const rows = await trx('notices')
    .insert({ key: notice.key, kind: notice.kind, contract_id: notice.contractId ?? null, invoice_id: notice.invoiceId ?? null, on_date: notice.onDate })
    .onConflict('key')
    .ignore()
    .returning('key');
  return rows.length === 1;
}

/** Whether a notice was already claimed (a cheap check before work that a claim would waste). */
export async function noticeClaimed(db: Knex | Knex.Transaction, key: string): Promise<boolean> {
  return (await db('notices').where({ key }).first('key')) !== undefined;
}

/** The contracts with a `kind` notice on or after `since` (e.g. suspended by dunning lately). */
export async function contractsNoticedSince(db: Knex | Knex.Transaction, kind: NoticeKind, since: string): Promise<string[]> {
  const rows = (await db('notices').where({ kind }).where('on_date', '>=', since).distinct('contract_id')) as Array<{ contract_id: string }>;
  return rows.map((r) => r.contract_id);
}
