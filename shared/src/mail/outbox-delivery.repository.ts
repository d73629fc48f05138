/**
 * The sender's side of a service's mail outbox (`mail_outbox` in the service's own schema): find
 * a due row and lock it, then record the outcome. Queueing lives in each service (its rows carry
 * what it needs to compose the mail); this file only moves rows from `pending` to `sent` (or
 * reschedules them). Every function runs inside the caller's transaction, which holds the row
 * lock for the whole attempt.
 */
import type { Knex } from 'knex';
import { assert } from '../assert';

/** The columns every outbox has; a service's table adds its own (an invoice id, a scorecard id…). */
export interface OutboxCoreRow {
  id: string;
  kind: string;
  recipients: string[];
  /** Null only where the service writes the text when it sends the mail (its `compose` answers it). */
  subject: string | null;
  body_text: string | null;
  status: 'pending' | 'sent';
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  message_id: string | null;
  sent_at: Date | null;
  created_at: Date;
}

/** Longest `last_error` kept; an SMTP transcript can be long. */
const MAX_ERROR_CHARS = 2000;

/**
 * Locks the oldest pending row due at `cutoffMs`, skipping rows another transaction holds, so
 * that two senders (threads here, or replicas) never work on the same row at once. Answers
 * undefined when nothing unlocked is due.
 */
export async function lockNextDueMail<Row extends OutboxCoreRow>(trx: Knex.Transaction, cutoffMs: number): Promise<Row | undefined> {
  const row = await trx<Row>('mail_outbox')
    .where('status', 'pending')
    .andWhere('next_attempt_at', '<=', new Date(cutoffMs))
    .orderBy([{ column: 'next_attempt_at' }, { column: 'created_at' }, { column: 'id' }])
    .first()
    .forUpdate()
    .skipLocked();
  return row as Row | undefined;
}

/** How many rows are due at `cutoffMs` (at most `limit`), without locking anything. */
export async function countDueMail(knex: Knex, cutoffMs: number, limit: number): Promise<number> {
  const rows = await knex('mail_outbox')
    .select('id')
    .where('status', 'pending')
    .andWhere('next_attempt_at', '<=', new Date(cutoffMs))
    .limit(limit);
  return rows.length;
}

export async function markMailSent(
  trx: Knex.Transaction,
  id: string,
  outcome: { messageId: string; sentAtMs: number; attempts: number; note: string | null },
): Promise<void> {
  const updated = await trx('mail_outbox')
    .where({ id, status: 'pending' })
    .update({
      status: 'sent',
      message_id: outcome.messageId,
      sent_at: new Date(outcome.sentAtMs),
      attempts: outcome.attempts,
      // A note (recipients the server refused) replaces the last error; without one, the error
      // of an earlier failed attempt stays, to explain why the mail went out late.
      ...(outcome.note === null ? {} : { last_error: outcome.note.slice(0, MAX_ERROR_CHARS) }),
    });
  // The row is locked by this transaction and was pending when locked.
  assert(updated === 1, `mail_outbox ${id}: expected one pending row to mark sent, updated ${updated}`);
}

export async function markMailFailed(
  trx: Knex.Transaction,
  id: string,
  outcome: { attempts: number; error: string; nextAttemptAtMs: number },
): Promise<void> {
  await trx('mail_outbox')
    .where({ id, status: 'pending' })
    .update({
      attempts: outcome.attempts,
      last_error: outcome.error.slice(0, MAX_ERROR_CHARS),
      next_attempt_at: new Date(outcome.nextAttemptAtMs),
    });
}
