import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { PDFParse } from 'pdf-parse';
import { freePort } from '@seatlease/shared/src/db';
import { queueMail, queueMails } from '../../src/mail/outbox.repository';
import { writeInvoiceIssuedMail } from '../../src/mail/invoice-mail';
import { issuedMailOf } from '../../src/invoices/issue-plan';
import { invoices, type InvoiceRow } from '../../src/invoices/invoice.repository';
import { invoiceIssuedMail, staffAlertMail } from '../../src/mail/templates';
import { MailSender, retryDelayMs, type MailSenderOptions } from '../../src/mail/sender';
import { createMailTransport, type MailTransport } from '../../src/mail/transport';
import {
  FROM,
  STAFF_EMAIL,
  TestClock,
  countByOutboxId,
  header,
  openMailDb,
  outboxRow,
  renderSampleAttachment,
  sampleDoc,
  sampleInvoiceFacts,
  silentLog,
  startSmtpServer,
  waitFor,
  type MailTestDb,
  type ReceivedMail,
  type TestSmtpServer,
} from './mail-harness';

const T0 = Date.parse('2027-03-01T01:00:00.000Z');

async function pdfText(data: Buffer): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(data) });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

describe('retryDelayMs', () => {
  it('doubles from one second and stops at the cap, however many attempts', () => {
    const table: Array<[number, number]> = [
      [1, 1_000],
      [2, 2_000],
      [3, 4_000],
      [9, 256_000],
      [10, 300_000],
      [11, 300_000],
      [1_000, 300_000],
      [Number.MAX_SAFE_INTEGER, 300_000],
    ];
    for (const [attempts, delay] of table) expect(retryDelayMs(attempts), `attempt ${attempts}`).to.equal(delay);
    expect(retryDelayMs(4, 5_000)).to.equal(5_000);
    expect(() => retryDelayMs(0)).to.throw();
  });
});

describe('MailSender', function () {
  let db: MailTestDb;
  const log = silentLog();
  const transports: MailTransport[] = [];
  const servers: TestSmtpServer[] = [];

  before(async () => {
    db = await openMailDb('mail_sender');
  });
  after(async () => {
    for (const t of transports) t.close();
    for (const s of servers) await s.close();
    await db?.close();
  });
  beforeEach(async () => {
    await db.knex('mail_outbox').del();
  });

  function smtpTransport(port: number): MailTransport {
    const t = createMailTransport({ SMTP_URL: `smtp://127.0.0.1:${port}`, dataDir: '/nonexistent' }, log);
    transports.push(t);
    return t;
  }

  async function smtpServer(port: number, received: ReceivedMail[], opts: { delayMs?: number } = {}): Promise<TestSmtpServer> {
    const s = await startSmtpServer(port, received, opts);
    servers.push(s);
    return s;
  }

  function sender(transport: MailTransport, clock: TestClock, extra: Partial<MailSenderOptions> = {}): MailSender {
    return new MailSender({
      knex: db.knex,
      transport,
      log,
      from: FROM,
      staffEmail: STAFF_EMAIL,
      renderAttachment: renderSampleAttachment,
      writeInvoiceMail: (invoiceId) => writeInvoiceIssuedMail(db.knex, invoiceId),
      nowMs: clock.nowMs,
      ...extra,
    });
  }

  function queueInvoiceMail(clock: TestClock, recipients = ['finance@tenant.example']): Promise<string> {
    return queueMail(db.knex, invoiceIssuedMail(sampleInvoiceFacts(randomUUID()), recipients), clock.nowMs());
  }

  it('delivers an invoice_issued mail with its headers and the invoice PDF, and marks the row sent', async () => {
    const received: ReceivedMail[] = [];
    const port = await freePort();
    await smtpServer(port, received);
    const clock = new TestClock(T0);
    const recipients = ['finance@tenant.example', 'ap@tenant.example'];
    const mail = invoiceIssuedMail(sampleInvoiceFacts(randomUUID()), recipients);
    const id = await queueMail(db.knex, mail, clock.nowMs());

    expect(await sender(smtpTransport(port), clock).drain()).to.equal(1);

    expect(received).to.have.length(1);
    const got = received[0]!;
    expect(got.envelopeTo).to.deep.equal(recipients);
    const to = Array.isArray(got.parsed.to) ? got.parsed.to.flatMap((a) => a.value) : (got.parsed.to?.value ?? []);
    expect(to.map((a) => a.address)).to.deep.equal(recipients);
    expect(got.parsed.from?.value[0]?.address).to.equal('billing@seatlease.local');
    expect(got.parsed.from?.value[0]?.name).to.equal('SeatLease 账务');
    expect(got.parsed.subject).to.equal(mail.subject);
    expect(got.parsed.text?.trim()).to.equal(mail.bodyText.trim());
    expect(header(got.parsed, 'X-SeatLease-Notice')).to.equal('invoice_issued');
    expect(header(got.parsed, 'X-SeatLease-Outbox-Id')).to.equal(id);
    expect(got.parsed.messageId).to.equal(`<${id}@seatlease.local>`);
    expect(got.parsed.date?.getTime()).to.equal(T0);

    expect(got.parsed.attachments).to.have.length(1);
    const pdf = got.parsed.attachments[0]!;
    expect(pdf.contentType).to.equal('application/pdf');
    expect(pdf.filename).to.equal(`${sampleDoc.number}.pdf`);
    expect(await pdfText(pdf.content)).to.include(sampleDoc.number);

    const row = await outboxRow(db.knex, id);
    expect(row.status).to.equal('sent');
    expect(row.attempts).to.equal(1);
    expect(row.message_id).to.equal(`<${id}@seatlease.local>`);
    expect(row.sent_at?.getTime()).to.equal(T0);
    expect(row.last_error).to.equal(null);

    // Nothing more is due.
    clock.advance(60_000);
    expect(await sender(smtpTransport(port), clock).drain()).to.equal(0);
    expect(received).to.have.length(1);
  });

  /** A stored invoice (bills never change: the mail's text is written from it at send time). */
  async function storedInvoice(): Promise<Omit<InvoiceRow, 'created_at'>> {
    const id = randomUUID();
    const row: Omit<InvoiceRow, 'created_at'> = {
      id,
      number: `INV-2027-${String(Math.floor(Math.random() * 900000) + 100000)}`,
      contract_id: randomUUID(),
      tenant_id: randomUUID(),
      tenant_name: '深圳市南山示例科技有限公司',
      billing_emails: ['finance@tenant.example', 'ap@tenant.example'],
      kind: 'monthly',
      period: '2027-04',
      issued_on: '2027-03-10',
      due_date: '2027-03-29',
      currency: 'CNY',
      total_fen: 3812345,
      tax_fen: 215793,
      vat_rate_bp: 600,
      tax_basis: 'revenue',
      taxable_fen: 3812345,
      deposit_fen: 0,
      run_id: null,
      warnings: [],
    };
    await db.knex.transaction((trx) => invoices.insertMany(trx, [row]));
    return row;
  }

  it('writes an invoice_issued mail queued without its text from the invoice when it sends it (decision 0091)', async () => {
    const received: ReceivedMail[] = [];
    const port = await freePort();
    await smtpServer(port, received);
    const clock = new TestClock(T0);
    const inv = await storedInvoice();
    await db.knex.transaction((trx) => queueMails(trx, [issuedMailOf(inv.id, inv.billing_emails)], clock.nowMs()));
    const queued = (await db.knex('mail_outbox').where({ invoice_id: inv.id }).first())!;
    expect({ subject: queued.subject, body_text: queued.body_text }, 'queued without text').to.deep.equal({ subject: null, body_text: null });

    expect(await sender(smtpTransport(port), clock).drain()).to.equal(1);

    const expected = invoiceIssuedMail(
      { id: inv.id, number: inv.number, tenantName: inv.tenant_name, period: inv.period, kind: inv.kind, totalFen: inv.total_fen, dueDate: inv.due_date },
      inv.billing_emails,
    );
    expect(received).to.have.length(1);
    const got = received[0]!.parsed;
    expect(got.subject).to.equal(expected.subject);
    expect(got.subject).to.contain(inv.number);
    expect(got.text?.trim()).to.equal(expected.bodyText.trim());
    expect(got.text).to.contain('¥38,123.45').and.to.contain(inv.tenant_name).and.to.contain('2027-03-29');
    expect(received[0]!.envelopeTo).to.deep.equal(inv.billing_emails);
    expect((await outboxRow(db.knex, queued.id)).status).to.equal('sent');
  });

  it('keeps and retries an invoice_issued mail without text whose invoice cannot be read, never sending it blank', async () => {
    const received: ReceivedMail[] = [];
    const port = await freePort();
    await smtpServer(port, received);
    const clock = new TestClock(T0);
    await db.knex.transaction((trx) => queueMails(trx, [issuedMailOf(randomUUID(), ['finance@tenant.example'])], clock.nowMs()));

    expect(await sender(smtpTransport(port), clock).drain()).to.equal(0);

    expect(received).to.have.length(0);
    const row = (await db.knex('mail_outbox').first())!;
    expect(row.status).to.equal('pending');
    expect(row.attempts).to.equal(1);
    expect(row.last_error).to.contain('no text');
  });

  it('refuses, in the database, any other mail queued without its text', async () => {
    const clock = new TestClock(T0);
    const err = await db.knex
      .transaction((trx) => queueMails(trx, [{ kind: 'payment_received', recipients: ['finance@tenant.example'], invoiceId: randomUUID(), subject: null, bodyText: null }], clock.nowMs()))
      .then(() => null, (e: { constraint?: string }) => e);
    expect(err?.constraint).to.equal('mail_outbox_text_or_invoice');
    expect(await db.knex('mail_outbox').count({ n: '*' }).first()).to.deep.equal({ n: 0 });
  });

  it('sends a staff alert to its recipients as given, without attachment', async () => {
    const received: ReceivedMail[] = [];
    const port = await freePort();
    await smtpServer(port, received);
    const clock = new TestClock(T0);
    const id = await queueMail(db.knex, staffAlertMail('Billing run failed', 'Run 2027-04 failed: upstream timeout', 'ops@seatlease.example'), clock.nowMs());

    expect(await sender(smtpTransport(port), clock).drain()).to.equal(1);
    expect(received).to.have.length(1);
    expect(received[0]!.envelopeTo).to.deep.equal(['ops@seatlease.example']);
    expect(header(received[0]!.parsed, 'X-SeatLease-Notice')).to.equal('staff_alert');
    expect(header(received[0]!.parsed, 'X-SeatLease-Outbox-Id')).to.equal(id);
    expect(received[0]!.parsed.attachments).to.have.length(0);
  });

  it('keeps a mail while SMTP is down, backs off, and delivers it exactly once when the server is back', async () => {
    const received: ReceivedMail[] = [];
    const port = await freePort();
    const clock = new TestClock(T0);
    const s = sender(smtpTransport(port), clock);

    // 1. The server has never started: connection refused.
    const a = await queueInvoiceMail(clock);
    expect(await s.drain()).to.equal(0);
    let row = await outboxRow(db.knex, a);
    expect(row).to.include({ status: 'pending', attempts: 1 });
    expect(row.last_error).to.match(/ECONNREFUSED|ECONNECTION/);
    expect(row.next_attempt_at.getTime()).to.equal(T0 + 1_000);

    // Not due yet: no attempt.
    expect(await s.drain()).to.equal(0);
    expect((await outboxRow(db.knex, a)).attempts).to.equal(1);

    clock.advance(1_000);
    expect(await s.drain()).to.equal(0);
    row = await outboxRow(db.knex, a);
    expect(row).to.include({ status: 'pending', attempts: 2 });
    expect(row.next_attempt_at.getTime()).to.equal(clock.ms + 2_000);

    let server = await smtpServer(port, received);
    clock.ms = row.next_attempt_at.getTime();
    expect(await s.drain()).to.equal(1);
    expect(countByOutboxId(received, a)).to.equal(1);
    row = await outboxRow(db.knex, a);
    expect(row).to.include({ status: 'sent', attempts: 3 });
    expect(row.sent_at?.getTime()).to.equal(clock.ms);
    expect(row.last_error, 'the last failure is kept for the record').to.match(/ECONNREFUSED|ECONNECTION/);

    // 2. The server goes down while the sender holds a pooled connection to it.
    await server.close();
    const b = await queueInvoiceMail(clock);
    expect(await s.drain()).to.equal(0);
    row = await outboxRow(db.knex, b);
    expect(row).to.include({ status: 'pending', attempts: 1 });
    expect(row.last_error).to.be.a('string').and.not.equal('');
    expect(row.next_attempt_at.getTime()).to.equal(clock.ms + 1_000);

    server = await smtpServer(port, received);
    clock.ms = row.next_attempt_at.getTime() + 1;
    expect(await s.drain()).to.equal(1);

    // Later drains send nothing again.
    clock.advance(3_600_000);
    expect(await s.drain()).to.equal(0);
    expect(countByOutboxId(received, a)).to.equal(1);
    expect(countByOutboxId(received, b)).to.equal(1);
    expect(received).to.have.length(2);
    expect((await outboxRow(db.knex, b)).status).to.equal('sent');
  });

  it('never drops a mail, however many attempts fail; the delay stops growing at maxBackoffMs', async () => {
    const clock = new TestClock(T0);
    let calls = 0;
    const failing: MailTransport = {
      send: async () => {
        calls++;
        throw Object.assign(new Error('mailbox unavailable'), { responseCode: 550 });
      },
      close: () => {},
    };
    const s = sender(failing, clock, { maxBackoffMs: 60_000 });
    const id = await queueInvoiceMail(clock);
    for (let i = 1; i <= 15; i++) {
      expect(await s.drain()).to.equal(0);
      const row = await outboxRow(db.knex, id);
      expect(row).to.include({ status: 'pending', attempts: i });
      expect(row.last_error).to.equal('550: mailbox unavailable');
      expect(row.next_attempt_at.getTime() - clock.ms).to.equal(Math.min(60_000, 1_000 * 2 ** (i - 1)));
      clock.ms = row.next_attempt_at.getTime();
    }
    expect(calls).to.equal(15);
  });

  it('retries a mail whose PDF cannot be rendered instead of sending it without the PDF', async () => {
    const received: ReceivedMail[] = [];
    const port = await freePort();
    await smtpServer(port, received);
    const clock = new TestClock(T0);
    let available = false;
    const s = sender(smtpTransport(port), clock, {
      renderAttachment: async (row) => (available ? renderSampleAttachment(row) : null),
    });
    const id = await queueInvoiceMail(clock);
    expect(await s.drain()).to.equal(0);
    const row = await outboxRow(db.knex, id);
    expect(row).to.include({ status: 'pending', attempts: 1 });
    expect(row.last_error).to.match(/no PDF for invoice/);
    expect(received).to.have.length(0);

    available = true;
    clock.advance(1_000);
    expect(await s.drain()).to.equal(1);
    expect(received[0]!.parsed.attachments).to.have.length(1);
  });

  it('two senders draining the same outbox concurrently deliver each mail exactly once', async () => {
    const received: ReceivedMail[] = [];
    const port = await freePort();
    // A slow server keeps both senders busy at the same time.
    await smtpServer(port, received, { delayMs: 15 });
    const clock = new TestClock(T0);
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) ids.push(await queueInvoiceMail(clock, [`finance${i}@tenant.example`]));

    const one = sender(smtpTransport(port), clock, { batchSize: 3 });
    const two = sender(smtpTransport(port), clock, { batchSize: 3 });
    const [sentByOne, sentByTwo] = await Promise.all([one.drain(), two.drain()]);

    expect(sentByOne + sentByTwo).to.equal(30);
    expect(sentByOne, 'both senders took part').to.be.above(0);
    expect(sentByTwo, 'both senders took part').to.be.above(0);
    expect(received).to.have.length(30);
    for (const id of ids) expect(countByOutboxId(received, id), id).to.equal(1);
    const statuses = await db.knex('mail_outbox').select('status', 'attempts');
    expect(statuses.every((r) => r.status === 'sent' && r.attempts === 1)).to.equal(true);

    // And again: nothing left for either.
    expect(await Promise.all([one.drain(), two.drain()])).to.deep.equal([0, 0]);
  });

  it('start() polls, wake() sends a newly queued mail at once, stop() waits for it', async () => {
    const received: ReceivedMail[] = [];
    const port = await freePort();
    await smtpServer(port, received);
    const clock = new TestClock(T0);
    const first = await queueInvoiceMail(clock);
    const s = sender(smtpTransport(port), clock);
    // A poll period far longer than the test: only the first tick and wake() can send.
    s.start(60_000);
    try {
      await waitFor(() => countByOutboxId(received, first) === 1);
      const second = await queueInvoiceMail(clock);
      s.wake();
      await waitFor(() => countByOutboxId(received, second) === 1);
    } finally {
      await s.stop();
    }
    expect(received).to.have.length(2);
    const rows = await db.knex('mail_outbox').select('status');
    expect(rows.map((r) => r.status)).to.deep.equal(['sent', 'sent']);
  });
});
