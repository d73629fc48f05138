/**
 * Test support for the mail sender: a real SMTP server on a loopback port, a fresh migrated
 * database, a movable clock and the sample invoice PDF as the attachment.
 */
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { Knex } from 'knex';
import { createKnex, migrate } from '@seatlease/shared/src/db';
import { createLogger, type Logger } from '@seatlease/shared/src/logger';
import { freshDatabase, type TestDatabase } from '@seatlease/shared/test/support/testing';
import { migrations } from '../../src/migrations/001-initial';
import { renderInvoicePdf } from '../../src/documents/invoice-pdf';
import { sampleInvoiceDocument } from '../support/sample-invoice';
import type { OutboxRow, RenderAttachment } from '../../src/mail/sender';

export const FROM = 'SeatLease 账务 <billing@seatlease.local>';
export const STAFF_EMAIL = 'staff@seatlease.local';

export function silentLog(): Logger {
  return createLogger('mail-test', process.env.TEST_LOG_LEVEL ?? 'silent');
}

export interface ReceivedMail {
  raw: Buffer;
  parsed: ParsedMail;
  envelopeTo: string[];
}

export function header(mail: ParsedMail, name: string): string | undefined {
  const v = mail.headers.get(name.toLowerCase());
  return typeof v === 'string' ? v : undefined;
}

/** Messages received with the given X-SeatLease-Outbox-Id. */
export function countByOutboxId(received: ReceivedMail[], id: string): number {
  return received.filter((m) => header(m.parsed, 'X-SeatLease-Outbox-Id') === id).length;
}

export interface TestSmtpServer {
  port: number;
  close(): Promise<void>;
}

/**
 * A real SMTP server on 127.0.0.1:`port` that appends what it accepts to `received`.
 * STARTTLS is disabled: smtp-server's built-in certificate has expired (TOOLCHAIN.md).
 */
export async function startSmtpServer(port: number, received: ReceivedMail[], opts: { delayMs?: number } = {}): Promise<TestSmtpServer> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    // Going down closes open (pooled) client connections at once, like a crashed relay.
    closeTimeout: 50,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('error', callback);
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw)
          .then(async (parsed) => {
            if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
            received.push({ raw, parsed, envelopeTo: session.envelope.rcptTo.map((r) => r.address) });
            callback();
          })
          .catch(callback);
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface MailTestDb {
  knex: Knex;
  db: TestDatabase;
  close(): Promise<void>;
}

export async function openMailDb(label: string): Promise<MailTestDb> {
  const db = await freshDatabase(label);
  const knex = createKnex(db.url, 'billing');
  await migrate(knex, 'billing', migrations);
  return {
    knex,
    db,
    close: async () => {
      await knex.destroy();
      await db.drop();
    },
  };
}

export async function outboxRow(knex: Knex, id: string): Promise<OutboxRow> {
  const row = await knex<OutboxRow>('mail_outbox').where({ id }).first();
  if (!row) throw new Error(`no outbox row ${id}`);
  return row as OutboxRow;
}

/** A clock the test moves by hand. */
export class TestClock {
  constructor(public ms: number) {}
  readonly nowMs = (): number => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
}

export const sampleDoc = sampleInvoiceDocument();
let samplePdf: Promise<Buffer> | null = null;

/** The attachment renderer of the tests: the sample invoice, rendered once. */
export const renderSampleAttachment: RenderAttachment = async (row) => {
  if (!row.invoice_id && !row.credit_note_id) return null;
  samplePdf ??= renderInvoicePdf(sampleDoc);
  return { filename: `${sampleDoc.number}.pdf`, content: await samplePdf };
};

/** The facts invoiceIssuedMail needs, taken from the sample invoice. */
export function sampleInvoiceFacts(id: string) {
  return {
    id,
    number: sampleDoc.number,
    tenantName: sampleDoc.tenant.name,
    period: sampleDoc.period,
    kind: sampleDoc.invoiceKind ?? 'monthly',
    totalFen: sampleDoc.totalFen,
    dueDate: sampleDoc.dueDate ?? '2027-03-15',
  };
}

export async function waitFor(predicate: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for a condition');
    await new Promise((r) => setTimeout(r, 10));
  }
}
