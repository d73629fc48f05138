/**
 * This service's mail outbox: a mail is queued in the same transaction as the publication or the
 * upheld appeal that causes it, so it exists exactly when its cause does; the shared sender
 * (shared/src/mail/outbox-sender.ts) delivers it later, once, with retries.
 */
import { randomUUID } from 'node:crypto';
import type { OutboxCoreRow } from '@seatlease/shared/src/mail/outbox-delivery.repository';
import type { Db } from '../agents/agent.repository';
import type { AssessmentMailKind, QueuedAssessmentMail } from './scorecard-mails';

export interface AssessmentOutboxRow extends OutboxCoreRow {
  kind: AssessmentMailKind;
  scorecard_id: string | null;
  publication_id: string | null;
}

export const outbox = {
  async queue(db: Db, mails: readonly QueuedAssessmentMail[], nowMs: number): Promise<number> {
    if (mails.length === 0) return 0;
    // Delivery runs in real time: under the test clock (ahead of today) a mail is due now.
    const due = new Date(Math.min(nowMs, Date.now()));
    const rows = mails.map((m) => ({
      id: randomUUID(),
      kind: m.kind,
      recipients: m.recipients,
      subject: m.subject,
      body_text: m.bodyText,
      scorecard_id: m.scorecardId,
      publication_id: m.publicationId,
      status: 'pending',
      attempts: 0,
      next_attempt_at: due,
    }));
    for (let i = 0; i < rows.length; i += 1000) await db('mail_outbox').insert(rows.slice(i, i + 1000));
    return rows.length;
  },
};
