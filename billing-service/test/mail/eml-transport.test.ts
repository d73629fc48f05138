import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { simpleParser } from 'mailparser';
import { queueMail } from '../../src/mail/outbox.repository';
import { invoiceIssuedMail } from '../../src/mail/templates';
import { MailSender } from '../../src/mail/sender';
import { createMailTransport, type MailTransport } from '../../src/mail/transport';
import {
  FROM,
  STAFF_EMAIL,
  TestClock,
  header,
  openMailDb,
  outboxRow,
  renderSampleAttachment,
  sampleDoc,
  sampleInvoiceFacts,
  silentLog,
  type MailTestDb,
} from './mail-harness';

describe('mail without SMTP_URL: .eml files under the data dir', () => {
  let db: MailTestDb;
  let dataDir: string;
  let transport: MailTransport;

  before(async () => {
    db = await openMailDb('mail_eml');
    dataDir = mkdtempSync(join(tmpdir(), 'seatlease-mail-eml-'));
    transport = createMailTransport({ SMTP_URL: undefined, dataDir }, silentLog());
  });
  after(async () => {
    transport?.close();
    await db?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('writes each mail as <sent-ts>-<outbox-id>.eml, a complete RFC 822 message', async () => {
    const clock = new TestClock(Date.parse('2027-03-01T01:00:00.000Z'));
    const recipients = ['finance@tenant.example'];
    const mail = invoiceIssuedMail(sampleInvoiceFacts(randomUUID()), recipients);
    const id = await queueMail(db.knex, mail, clock.nowMs());
    clock.advance(1_234);

    const sender = new MailSender({
      knex: db.knex,
      transport,
      log: silentLog(),
      from: FROM,
      staffEmail: STAFF_EMAIL,
      renderAttachment: renderSampleAttachment,
      writeInvoiceMail: async () => null,
      nowMs: clock.nowMs,
    });
    expect(await sender.drain()).to.equal(1);

    const files = readdirSync(join(dataDir, 'outbox'));
    expect(files, 'no temporary file is left behind').to.deep.equal([`20270301T010001234Z-${id}.eml`]);
    const raw = readFileSync(join(dataDir, 'outbox', files[0]!));
    expect(raw.toString('latin1')).to.include('\r\n');
    const parsed = await simpleParser(raw);
    expect(header(parsed, 'X-SeatLease-Notice')).to.equal('invoice_issued');
    expect(header(parsed, 'X-SeatLease-Outbox-Id')).to.equal(id);
    expect(parsed.subject).to.equal(mail.subject);
    const to = Array.isArray(parsed.to) ? parsed.to.flatMap((a) => a.value) : (parsed.to?.value ?? []);
    expect(to.map((a) => a.address)).to.deep.equal(recipients);
    expect(parsed.attachments).to.have.length(1);
    expect(parsed.attachments[0]!.filename).to.equal(`${sampleDoc.number}.pdf`);
    expect(parsed.attachments[0]!.content.subarray(0, 5).toString('latin1')).to.equal('%PDF-');

    const row = await outboxRow(db.knex, id);
    expect(row.status).to.equal('sent');
    expect(row.message_id).to.equal(`<${id}@seatlease.local>`);
  });
});
