/**
 * Issue 17: scorecards by mail (docs/decisions/0074), over a real SMTP conversation. The relay is
 * down when a supervisor publishes March: the mails wait in assessment-service's outbox, pending,
 * attempts and the error kept. A second assessment-service replica runs on the same database.
 * Once the relay is up, each agent with an address gets their own scorecard (its PDF, their
 * total) and the tenant's supervisors the month grid (CSV), each mail exactly once across the two
 * replicas; an agent without an address gets none; an upheld appeal mails the corrected version.
 */
import { expect } from 'chai';
import { pdfText } from '../src/pdf-text';
import Papa from 'papaparse';
import pg from 'pg';
import { createLogger, createMetrics, freePort, loadConfig } from '@seatlease/shared';
import { testEnv } from '@seatlease/shared/test/support/testing';
import { startAssessmentService, type RunningAssessment } from '@seatlease/assessment-service/src/bootstrap';
import { countByOutboxId, header, startSmtpServer, type ReceivedMail, type TestSmtpServer } from '@seatlease/billing-service/test/mail/mail-harness';
import { ADMIN_TOKEN, startSystem, type System } from '../src/system';

interface OutboxRow {
  id: string;
  kind: string;
  recipients: string[];
  status: string;
  attempts: number;
  last_error: string | null;
}

async function assessmentOutbox(url: string): Promise<OutboxRow[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<OutboxRow>('select id, kind, recipients, status, attempts, last_error from assessment.mail_outbox order by created_at, id')).rows;
  } finally {
    await c.end();
  }
}

async function until(what: string, check: () => Promise<boolean> | boolean, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('assessment: scorecards mailed on publication, exactly once, retried while SMTP is down', function () {
  this.timeout(120_000);
  let sys: System;
  let replica: RunningAssessment;
  let smtp: TestSmtpServer | undefined;
  let smtpPort: number;
  const received: ReceivedMail[] = [];

  before(async () => {
    smtpPort = await freePort();
    // Nothing listens on smtpPort yet: the relay is down.
    sys = await startSystem('assessment_mail', { SMTP_URL: `smtp://127.0.0.1:${smtpPort}` });
    const config = loadConfig(testEnv({ SEATLEASE_ADMIN_TOKEN: ADMIN_TOKEN, SMTP_URL: `smtp://127.0.0.1:${smtpPort}` }));
    // A second replica of assessment-service on the same database: its sender competes for the outbox.
    replica = await startAssessmentService({
      config,
      internalToken: config.SEATLEASE_INTERNAL_TOKEN!,
      databaseUrl: sys.db.url,
      log: createLogger('assessment-replica', config.LOG_LEVEL),
      metrics: createMetrics('assessment-replica'),
      port: 0,
      contractServiceUrl: sys.contract.url,
    });
  });
  after(async () => {
    await replica?.close();
    await sys?.close();
    await smtp?.close();
  });

  it('publishes March with the relay down, then delivers every mail once when it is back; an upheld appeal mails the corrected version', async () => {
    await sys.advanceTo('2027-03-01T09:00:00+08:00');
    const tenantId = (await sys.api('POST', '/v1/tenants', { name: '邮件考核中心', billingEmails: ['finance@mail-assess.example'] })).body.id as string;
    const key = await sys.api('POST', '/v1/api-keys', { role: 'tenant_supervisor', tenantId, name: '考核组' });
    const supervisor = sys.as(key.body.token);
    const settings = await supervisor('PUT', `/v1/tenants/${tenantId}/assessment-settings`, {
      excellentFromTenths: 900, failBelowTenths: 600, yearEndWeightPercent: 30, supervisorEmails: ['lead@mail-assess.example', 'hr@mail-assess.example'],
    });
    expect(settings.status, settings.text).to.equal(200);
    expect(settings.body.supervisorEmails).to.deep.equal(['lead@mail-assess.example', 'hr@mail-assess.example']);
    // Bad addresses: 400 naming the field, nothing stored.
    const bad = await supervisor('PUT', `/v1/tenants/${tenantId}/assessment-settings`, { excellentFromTenths: 900, failBelowTenths: 600, yearEndWeightPercent: 30, supervisorEmails: ['not-an-address'] });
    expect([bad.status, bad.body.errors?.[0]?.path]).to.deep.equal([400, 'supervisorEmails[0]']);
    // Bands changed without naming the addresses keep them.
    const kept = await supervisor('PUT', `/v1/tenants/${tenantId}/assessment-settings`, { excellentFromTenths: 950, failBelowTenths: 600, yearEndWeightPercent: 30 });
    expect(kept.body.supervisorEmails).to.deep.equal(['lead@mail-assess.example', 'hr@mail-assess.example']);

    const agent = async (name: string, email?: string) => {
      const res = await supervisor('POST', '/v1/agents', { name, roles: ['intake'], ...(email ? { email } : {}) });
      expect(res.status, res.text).to.equal(201);
      expect(res.body.email).to.equal(email ?? null);
      return res.body.id as string;
    };
    const zhao = await agent('赵一', 'zhao@mail-assess.example');
    const qian = await agent('钱二', 'qian@mail-assess.example');
    await agent('孙三');
    const badEmail = await supervisor('POST', '/v1/agents', { name: '李四', roles: ['intake'], email: 'zhao at example' });
    expect([badEmail.status, badEmail.body.errors?.[0]?.path]).to.deep.equal([400, 'email']);

    await sys.advanceTo('2027-03-20T18:00:00+08:00');
    // 赵一: late twice (−2.0) and an absent day (−10.0) → discipline 8.0 → total 88.0.
    const late = await supervisor('POST', '/v1/assessment-events', { agentId: zhao, itemCode: 'attendance.late_or_early', occurredOn: '2027-03-02', count: 2 });
    expect(late.status, late.text).to.equal(201);
    const absent = await supervisor('POST', '/v1/assessment-events', { agentId: zhao, itemCode: 'absence.one_day', occurredOn: '2027-03-09' });
    expect(absent.status, absent.text).to.equal(201);
    // 钱二: a suggestion adopted (+2.0) on a full business part stays 60.0 → total 100.0.
    expect((await supervisor('POST', '/v1/assessment-events', { agentId: qian, itemCode: 'suggestion.adopted', occurredOn: '2027-03-10' })).status).to.equal(201);

    await sys.advanceTo('2027-04-01T09:00:00+08:00');
    const published = await supervisor('POST', '/v1/assessment-publications', { month: '2027-03' });
    expect(published.status, published.text).to.equal(201);
    // Two agents with an address and one supervisors' mail; 孙三 has no address.
    expect(published.body.mailsQueued).to.equal(3);
    const zhaoCard = published.body.scorecards.find((s: { agentId: string }) => s.agentId === zhao);
    expect(zhaoCard.total).to.equal('88.0');

    // The relay is down: the mails stay pending, their attempts and the error kept.
    await until('a failed attempt on every mail', async () => (await assessmentOutbox(sys.db.url)).every((r) => r.attempts >= 1));
    const waiting = await assessmentOutbox(sys.db.url);
    expect(waiting.map((r) => r.status)).to.deep.equal(['pending', 'pending', 'pending']);
    expect(waiting.every((r) => /ECONNREFUSED|connect/i.test(r.last_error ?? ''))).to.equal(true);
    expect(received).to.have.length(0);

    smtp = await startSmtpServer(smtpPort, received);
    await until('three mails delivered', async () => (await assessmentOutbox(sys.db.url)).every((r) => r.status === 'sent'));
    // Let both replicas' senders poll again: nothing more may arrive.
    await new Promise((r) => setTimeout(r, 1_500));
    const rows = await assessmentOutbox(sys.db.url);
    for (const r of rows) expect(countByOutboxId(received, r.id), `${r.kind} ${r.id}`).to.equal(1);
    expect(received).to.have.length(3);
    expect(received.map((m) => m.envelopeTo.sort().join(',')).sort()).to.deep.equal([
      'hr@mail-assess.example,lead@mail-assess.example',
      'qian@mail-assess.example',
      'zhao@mail-assess.example',
    ]);

    const toZhao = received.find((m) => m.envelopeTo.includes('zhao@mail-assess.example'))!;
    expect(header(toZhao.parsed, 'X-SeatLease-Notice')).to.equal('scorecard_published');
    expect(toZhao.parsed.from?.text).to.contain('assessment@seatlease.local');
    expect(toZhao.parsed.subject).to.contain('88.0');
    expect(toZhao.parsed.text).to.contain('2027-04-01 至 2027-04-03');
    expect(toZhao.parsed.attachments.map((a) => a.contentType)).to.deep.equal(['application/pdf']);
    const zhaoPdf = await pdfText(toZhao.parsed.attachments[0]!.content);
    for (const expected of ['坐席员月度考核表', '赵一', '总分:88.0']) expect(zhaoPdf, expected).to.contain(expected);
    const toQian = received.find((m) => m.envelopeTo.includes('qian@mail-assess.example'))!;
    expect(await pdfText(toQian.parsed.attachments[0]!.content)).to.contain('钱二');

    const toLeads = received.find((m) => m.envelopeTo.includes('lead@mail-assess.example'))!;
    expect(header(toLeads.parsed, 'X-SeatLease-Notice')).to.equal('month_published');
    expect(toLeads.parsed.attachments.map((a) => a.contentType)).to.deep.equal(['text/csv']);
    const grid = Papa.parse<Record<string, string>>(toLeads.parsed.attachments[0]!.content.toString('utf8').replace(/^\ufeff/, ''), { header: true, skipEmptyLines: true }).data;
    expect(grid.map((r) => [r.agentName, r.total]).sort()).to.deep.equal([['孙三', '100.0'], ['赵一', '88.0'], ['钱二', '100.0']].sort());
    expect(toLeads.parsed.text).to.contain('共 3 人');

    // 赵一 appeals on the 2nd day; the absence is withdrawn: the corrected version (98.0) is mailed.
    await sys.advanceTo('2027-04-02T10:00:00+08:00');
    const appeal = await supervisor('POST', `/v1/scorecards/${zhaoCard.id}/appeals`, { reason: '3月9日为调休' });
    expect(appeal.status, appeal.text).to.equal(201);
    const decided = await supervisor('POST', `/v1/appeals/${appeal.body.id}/decision`, { outcome: 'upheld', reason: '核实为调休', voidEventIds: [absent.body.id] });
    expect(decided.status, decided.text).to.equal(200);
    expect(decided.body.correctedScorecard.total).to.equal('98.0');
    await until('the corrected scorecard mailed', () => received.length === 4);
    const corrected = received[3]!;
    expect(header(corrected.parsed, 'X-SeatLease-Notice')).to.equal('scorecard_corrected');
    expect(corrected.envelopeTo).to.deep.equal(['zhao@mail-assess.example']);
    expect(corrected.parsed.text).to.contain('核实为调休');
    expect(await pdfText(corrected.parsed.attachments[0]!.content)).to.contain('第 2 版');
  });
});
