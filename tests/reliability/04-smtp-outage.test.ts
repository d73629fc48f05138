/**
 * Reliability 4: the SMTP server is down while invoices, a payment and a credit note are issued.
 * The mails wait in the outbox (pending, attempts counted, the error kept); once a server listens
 * on the configured port, every mail is delivered exactly once — counted by its
 * X-SeatLease-Outbox-Id header — within a bounded wait (backoff 1 s, 2 s, 4 s …).
 *
 * The mail sender works on real time, so this test keeps the test clock at real "now" and signs
 * contracts that open ten days from today.
 */
import { expect } from 'chai';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { addDays, freePort, monthOf, shanghaiDate } from '@seatlease/shared';
import { startSystem, type System } from '../src/system';
import { sleep, soak, waitFor } from './support';

interface Received {
  outboxId: string;
  notice: string;
  to: string[];
  attachments: string[];
}

async function startSmtp(port: number, received: Received[]): Promise<{ close(): Promise<void> }> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 50,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('error', callback);
      stream.on('end', () => {
        simpleParser(Buffer.concat(chunks))
          .then((mail: ParsedMail) => {
            received.push({
              outboxId: String(mail.headers.get('x-seatlease-outbox-id') ?? ''),
              notice: String(mail.headers.get('x-seatlease-notice') ?? ''),
              to: session.envelope.rcptTo.map((r) => r.address).sort(),
              attachments: mail.attachments.map((a) => a.contentType),
            });
            callback();
          })
          .catch(callback);
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return { close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('reliability 4: SMTP down while invoices are issued', function () {
  this.timeout(soak(60_000, 300_000));
  let sys: System | undefined;
  let smtp: { close(): Promise<void> } | undefined;
  after(async () => {
    await sys?.close();
    await smtp?.close();
  });

  it('→ mails wait in the outbox with their attempts, then each is delivered exactly once when SMTP returns', async () => {
    const port = await freePort(); // nothing listens here yet
    sys = await startSystem('rel_smtp', { SMTP_URL: `smtp://127.0.0.1:${port}` });
    const outbox = () => sys!.billing.knex('mail_outbox').select('id', 'kind', 'status', 'attempts', 'last_error', 'recipients');

    const today = shanghaiDate(Date.now());
    const opening = addDays(today, 10);
    const emails = ['ap@smtp-outage.example', 'cfo@smtp-outage.example'];
    const tenant = await sys.api('POST', '/v1/tenants', { name: '邮件中断测试租户', billingEmails: emails });
    expect(tenant.status, tenant.text).to.equal(201);
    const invoiceIds: string[] = [];
    for (let i = 0; i < soak(3, 12); i++) {
      const c = await sys.api('POST', '/v1/contracts', { tenantId: tenant.body.id, seatTier: 'prefecture', startMonth: monthOf(opening), termMonths: 12, seats: 1 + i, openingDate: opening });
      expect(c.status, c.text).to.equal(201);
      invoiceIds.push(c.body.openingInvoice.id);
    }
    const paid = await sys.api('POST', '/v1/payments', { tenantId: tenant.body.id, amount: 10_000, method: 'bank_transfer', reference: 'SMTP-OUTAGE-1', receivedOn: today });
    expect(paid.status, paid.text).to.equal(201);
    const credit = await sys.api('POST', `/v1/invoices/${invoiceIds[1]}/credit-notes`, { amount: 5_000, reason: '邮件中断测试' });
    expect(credit.status, credit.text).to.equal(201);

    // Down: every mail is tried, refused, kept pending with its error; retries continue.
    const expected = await waitFor(
      'every mail to have failed at least once',
      async () => {
        const rows = await outbox();
        return rows.length > 0 && rows.every((r) => r.status === 'pending' && r.attempts >= 1) && rows.some((r) => r.attempts >= 2) ? rows : undefined;
      },
      20_000,
      200,
    );
    expect(expected.map((r) => r.kind)).to.include.members(['invoice_issued', 'payment_received', 'credit_note_issued']);
    expect(expected.filter((r) => r.kind === 'invoice_issued')).to.have.length(invoiceIds.length);
    for (const r of expected) expect(r.last_error, `error kept on ${r.kind}`).to.match(/ECONNREFUSED|connect/i);

    // Back: a server on the same port.
    const received: Received[] = [];
    smtp = await startSmtp(port, received);
    const sentAt = Date.now();
    await waitFor('every mail to be sent', async () => (await outbox()).every((r) => r.status === 'sent'), 30_000, 200);
    const deliveryMs = Date.now() - sentAt;
    // One more poll period or two: nothing is sent again.
    await sleep(2_500);

    const rows = await outbox();
    const counts = new Map<string, number>();
    for (const m of received) counts.set(m.outboxId, (counts.get(m.outboxId) ?? 0) + 1);
    expect([...counts.keys()].sort(), 'the mails received are exactly the outbox').to.deep.equal(rows.map((r) => r.id).sort());
    expect([...counts.entries()].filter(([, n]) => n !== 1), 'mails received more than once').to.deep.equal([]);
    for (const m of received) {
      const row = rows.find((r) => r.id === m.outboxId)!;
      expect(m.notice).to.equal(row.kind === 'staff_alert' ? 'staff_alert' : row.kind);
      expect(m.to).to.deep.equal([...row.recipients].sort());
      if (row.kind === 'invoice_issued' || row.kind === 'credit_note_issued') expect(m.attachments).to.include('application/pdf');
    }
    process.stdout.write(`      ${rows.length} mails, max ${Math.max(...rows.map((r) => r.attempts))} attempts, all delivered ${deliveryMs} ms after SMTP returned\n`);
  });
});
