/**
 * The mail sender: delivers a service's outbox (`mail_outbox` in its schema, queued in the same
 * transaction as the event that causes the mail) through a MailTransport. Shared by the services
 * that mail (billing: invoices and notices; assessment: scorecards); each says how a row becomes
 * a mail (`compose`: its recipients and attachments).
 *
 * Each attempt runs in its own short transaction that locks exactly one due row
 * (`FOR UPDATE SKIP LOCKED`), sends it, and records the outcome before committing:
 *   - several senders (this process's workers, other replicas) never hold the same row, so a
 *     mail is never sent twice at the same time;
 *   - success marks the row `sent` in that same transaction, right after the server's answer;
 *   - failure increments `attempts`, keeps the error and reschedules the row with exponential
 *     backoff (1 s, 2 s, 4 s … capped at `maxBackoffMs`). A mail is never dropped, however many
 *     attempts fail: API.md "retried, never lost". Long-failing rows are logged at error level.
 *
 * Exactly-once caveat: delivery is at-least-once. If the process dies (or its database
 * connection drops) after the SMTP server answered 250 but before the COMMIT that marks the row
 * sent, the lock is released with the row still pending and the mail goes out once more. The
 * window is the few milliseconds of one UPDATE and COMMIT. A resent mail carries the same
 * `Message-ID` and `X-SeatLease-Outbox-Id`, so receivers can drop the copy.
 *
 * "Now" comes from the injected clock (`nowMs`), so a test clock decides what is due; the poll
 * timer alone runs on real time.
 */
import type { Knex } from 'knex';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import { assert } from '../assert';
import { countDueMail, lockNextDueMail, markMailFailed, markMailSent, type OutboxCoreRow } from './outbox-delivery.repository';
import type { MailAttachment, MailMessage, MailTransport } from './transport';

export type { OutboxCoreRow } from './outbox-delivery.repository';

const NOTICE_HEADER = 'X-SeatLease-Notice';
const OUTBOX_ID_HEADER = 'X-SeatLease-Outbox-Id';

const DEFAULT_MAX_BACKOFF_MS = 5 * 60_000;
const FIRST_RETRY_DELAY_MS = 1_000;
const DEFAULT_BATCH_SIZE = 4;
const MAX_BATCH_SIZE = 32;
/** From this many failed attempts on, a failure is logged as an error (someone should look). */
const ALERT_AFTER_ATTEMPTS = 5;

/**
 * How a row becomes a mail: its recipients and attachments, and — for a row queued without its
 * text (`subject`/`body_text` null) — the subject and text, written at send time. Throwing keeps
 * the row and retries it.
 */
export type ComposeMail<Row extends OutboxCoreRow> = (row: Row) => Promise<{ to: string[]; attachments: MailAttachment[]; subject?: string; text?: string }>;

export interface OutboxSenderOptions<Row extends OutboxCoreRow> {
  knex: Knex;
  transport: MailTransport;
  log: Logger;
  /** The From header (config SEATLEASE_MAIL_FROM). */
  from: string;
  compose: ComposeMail<Row>;
  nowMs?: () => number;
  /** Mails in flight at once in this sender, each in its own one-row transaction. Default 4. */
  batchSize?: number;
  /** Cap of the retry delay. Default 5 minutes. */
  maxBackoffMs?: number;
  metrics?: Metrics;
}

/** The delay before the next attempt after `attempts` failed ones: 1 s, 2 s, 4 s … ≤ cap. */
export function retryDelayMs(attempts: number, maxBackoffMs = DEFAULT_MAX_BACKOFF_MS): number {
  assert(Number.isInteger(attempts) && attempts >= 1, `attempts must be a positive integer, got ${attempts}`);
  // 2^30 s is far past any cap; the min() keeps the exponent finite however many attempts.
  return Math.min(maxBackoffMs, FIRST_RETRY_DELAY_MS * 2 ** Math.min(attempts - 1, 30));
}

/** `SeatLease 账务 <billing@seatlease.local>` → `seatlease.local`, for Message-IDs. */
function messageIdDomain(from: string): string {
  const m = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from);
  return m?.[1] ?? 'seatlease.local';
}

function describeError(err: unknown): string {
  if (err instanceof Error) {
    const e = err as Error & { code?: unknown; responseCode?: unknown; command?: unknown };
    const tags = [e.code, e.responseCode, e.command].filter((t) => t !== undefined && t !== null && t !== '');
    return tags.length > 0 ? `${tags.join(' ')}: ${e.message}` : e.message;
  }
  return String(err);
}

type Outcome = 'none' | 'sent' | 'failed';

export class OutboxSender<Row extends OutboxCoreRow> {
  private readonly knex: Knex;
  private readonly transport: MailTransport;
  private readonly log: Logger;
  private readonly from: string;
  private readonly compose: ComposeMail<Row>;
  private readonly nowMs: () => number;
  private readonly batchSize: number;
  private readonly maxBackoffMs: number;
  private readonly messageIdDomain: string;
  private readonly sentCounter: ReturnType<Metrics['counter']> | undefined;
  private readonly failedCounter: ReturnType<Metrics['counter']> | undefined;

  private timer: NodeJS.Timeout | null = null;
  private pollMs = 1000;
  private running = false;
  private stopping = false;
  /** The poll loop's current drain, if any. */
  private loopDrain: Promise<void> | null = null;
  private wokenDuringDrain = false;
  /** Every drain in progress (the loop's and direct calls), awaited by stop(). */
  private readonly drains = new Set<Promise<unknown>>();

  constructor(opts: OutboxSenderOptions<Row>) {
    this.knex = opts.knex;
    this.transport = opts.transport;
    this.log = opts.log.child({ component: 'mail-sender' });
    this.from = opts.from;
    this.compose = opts.compose;
    this.nowMs = opts.nowMs ?? Date.now;
    this.batchSize = opts.batchSize ?? DEFAULT_BATCH_SIZE;
    this.maxBackoffMs = opts.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS;
    assert(
      Number.isInteger(this.batchSize) && this.batchSize >= 1 && this.batchSize <= MAX_BATCH_SIZE,
      `batchSize must be an integer in 1..${MAX_BATCH_SIZE}, got ${this.batchSize}`,
    );
    assert(this.maxBackoffMs >= FIRST_RETRY_DELAY_MS, `maxBackoffMs must be at least ${FIRST_RETRY_DELAY_MS}`);
    this.messageIdDomain = messageIdDomain(opts.from);
    this.sentCounter = opts.metrics?.counter('seatlease_mail_sent_total', 'Mails accepted by the mail transport', ['kind']);
    this.failedCounter = opts.metrics?.counter('seatlease_mail_failed_attempts_total', 'Mail delivery attempts that failed (the mail is retried)', ['kind']);
  }

  /** Polls the outbox every `pollMs` (real time) until stop(). */
  start(pollMs = 1000): void {
    if (this.running) return;
    assert(pollMs >= 10, `pollMs must be at least 10, got ${pollMs}`);
    this.pollMs = pollMs;
    this.running = true;
    this.stopping = false;
    this.schedule(0);
  }

  /** Stops polling and waits for the mails in flight; a running drain ends after its current rows. */
  async stop(): Promise<void> {
    this.running = false;
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    try {
      while (this.drains.size > 0) await Promise.allSettled([...this.drains]);
    } finally {
      this.stopping = false;
    }
  }

  /** Asks for a drain now (after a mail was queued) instead of at the next poll. */
  wake(): void {
    if (!this.running) return;
    if (this.loopDrain) {
      this.wokenDuringDrain = true;
      return;
    }
    this.schedule(0);
  }

  /** Sends every mail due now; answers how many were sent. Rows that fail are rescheduled. */
  drain(): Promise<number> {
    const p = this.drainOnce();
    this.drains.add(p);
    const forget = () => this.drains.delete(p);
    p.then(forget, forget);
    return p;
  }

  private schedule(delayMs: number): void {
    if (!this.running) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.loopDrain = this.drain().then(
        (sent) => {
          if (sent > 0) this.log.debug({ sent }, 'mail outbox drained');
        },
        (err) => this.log.error({ err }, 'mail outbox drain failed; will retry at the next poll'),
      );
      void this.loopDrain.finally(() => {
        this.loopDrain = null;
        const again = this.wokenDuringDrain;
        this.wokenDuringDrain = false;
        this.schedule(again ? 0 : this.pollMs);
      });
    }, delayMs);
    // The poll timer alone must not keep a process alive that is otherwise done.
    this.timer.unref();
  }

  private async drainOnce(): Promise<number> {
    // Rows are due when their next attempt is at or before the drain's start: a row that fails
    // during this drain is rescheduled after it, so each row gets at most one attempt per drain
    // and a drain always ends.
    const cutoffMs = this.nowMs();
    const due = await countDueMail(this.knex, cutoffMs, this.batchSize);
    if (due === 0) return 0;
    let sent = 0;
    const worker = async () => {
      while (!this.stopping) {
        const outcome = await this.attemptOne(cutoffMs);
        if (outcome === 'none') return;
        if (outcome === 'sent') sent++;
      }
    };
    const results = await Promise.allSettled(Array.from({ length: due }, worker));
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) throw failure.reason;
    return sent;
  }

  /** One row, one transaction: lock, send, record. */
  private attemptOne(cutoffMs: number): Promise<Outcome> {
    return this.knex.transaction(async (trx) => {
      const row = await lockNextDueMail<Row>(trx, cutoffMs);
      if (!row) return 'none';
      const attempts = row.attempts + 1;
      let result: { messageId: string; rejected?: string[] };
      try {
        const msg = await this.buildMessage(row);
        result = await this.transport.send(msg);
      } catch (err) {
        const error = describeError(err);
        const delayMs = retryDelayMs(attempts, this.maxBackoffMs);
        const nextAttemptAtMs = this.nowMs() + delayMs;
        await markMailFailed(trx, row.id, { attempts, error, nextAttemptAtMs });
        this.failedCounter?.inc({ kind: row.kind });
        const level = attempts >= ALERT_AFTER_ATTEMPTS ? 'error' : 'warn';
        this.log[level](
          { outboxId: row.id, kind: row.kind, attempts, retryInMs: delayMs, error },
          'mail not delivered; it stays in the outbox and will be retried',
        );
        return 'failed';
      }
      // The server has the mail: record it at once, in this transaction (see the caveat above).
      const note = result.rejected && result.rejected.length > 0 ? `refused recipients: ${result.rejected.join(', ')}` : null;
      await markMailSent(trx, row.id, { messageId: result.messageId, sentAtMs: this.nowMs(), attempts, note });
      this.sentCounter?.inc({ kind: row.kind });
      if (note) this.log.warn({ outboxId: row.id, kind: row.kind, note }, 'mail sent, but some recipients were refused');
      this.log.info({ outboxId: row.id, kind: row.kind, attempts, messageId: result.messageId, recipients: row.recipients.length }, 'mail sent');
      return 'sent';
    });
  }

  private async buildMessage(row: Row): Promise<MailMessage> {
    const { to, attachments, subject = row.subject, text = row.body_text } = await this.compose(row);
    // Kept and retried like any failure, so that it shows in the outbox and the log until fixed.
    if (to.length === 0) throw new Error('the mail has no recipients');
    if (subject === null || text === null) throw new Error('the mail has no text, and nothing wrote it');
    return {
      outboxId: row.id,
      from: this.from,
      to,
      subject,
      text,
      headers: { [NOTICE_HEADER]: row.kind, [OUTBOX_ID_HEADER]: row.id },
      // Stable per row: a resend after a crash (caveat above) has the same Message-ID.
      messageId: `<${row.id}@${this.messageIdDomain}>`,
      date: new Date(this.nowMs()),
      attachments,
    };
  }
}
