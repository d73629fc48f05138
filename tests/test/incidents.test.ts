/**
 * Issue 16: live incidents through the gateway. A major incident on two contracts warns both
 * tenants at once over real SMTP; resolved 26 hours later it sends each a restored mail and
 * credits the next bill exactly as the same outage entered after the fact (a twin contract of
 * the same terms gets it by hand); an incident across a month end is split at midnight and a
 * fault over 15 days waives the seat's month (SPEC §5). Nothing is credited while it is open.
 */
import { expect } from 'chai';
import { createLogger, freePort, ServiceClient } from '@seatlease/shared';
import { IncidentNoticeRelay } from '@seatlease/contract-service/src/incidents/incident-notice-relay';
import { startSmtpServer, header, type ReceivedMail, type TestSmtpServer } from '@seatlease/billing-service/test/mail/mail-harness';
import { startSystem, type System } from '../src/system';

async function waitForMails(received: ReceivedMail[], kind: string, count: number, timeoutMs = 15_000): Promise<ReceivedMail[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const got = received.filter((m) => header(m.parsed, 'X-SeatLease-Notice') === kind);
    if (got.length >= count || Date.now() > deadline) return got;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('live incidents: major-fault warnings, restored mails and the outage credit they become', function () {
  this.timeout(180_000);
  let sys: System;
  let smtp: TestSmtpServer;
  const received: ReceivedMail[] = [];

  before(async () => {
    const port = await freePort();
    smtp = await startSmtpServer(port, received);
    sys = await startSystem('incidents', { SMTP_URL: `smtp://127.0.0.1:${port}` });
    await sys.advanceTo('2027-02-20T09:00:00+08:00');
  });
  after(async () => {
    await sys?.close();
    await smtp?.close();
  });

  async function sign(name: string, email: string, seats: number) {
    const t = await sys.api('POST', '/v1/tenants', { name, billingEmails: [email] });
    expect(t.status, t.text).to.equal(201);
    const c = await sys.api('POST', '/v1/contracts', { tenantId: t.body.id, seatTier: 'province', startMonth: '2027-03', termMonths: 12, seats, openingDate: '2027-03-01' });
    expect(c.status, c.text).to.equal(201);
    return { tenant: t.body.id as string, contract: c.body.id as string, email };
  }

  /** Tenants pay on issue: a suspended contract (SPEC §6) earns no outage credit. */
  async function advancePaying(iso: string) {
    await sys.advanceTo(iso);
    const list = await sys.api('GET', '/v1/invoices?limit=500');
    for (const inv of list.body.data) {
      if (inv.amountDue > 0) {
        const paid = await sys.api('POST', '/v1/payments', { tenantId: inv.tenantId, amount: inv.amountDue, method: 'bank_transfer', reference: `BANK-${inv.number}`, receivedOn: iso.slice(0, 10), invoiceId: inv.id });
        expect(paid.status, paid.text).to.equal(201);
      }
    }
  }

  async function outageCredit(contractId: string, period: string): Promise<number> {
    const list = await sys.api('GET', `/v1/invoices?contractId=${contractId}&period=${period}`);
    expect(list.body.data, `${period} bill of ${contractId}`).to.have.length(1);
    const inv = (await sys.api('GET', `/v1/invoices/${list.body.data[0].id}`)).body;
    return inv.lines.filter((l: { code: string }) => l.code === 'outage_credit').reduce((s: number, l: { amount: number }) => s + l.amount, 0);
  }

  it('warns, restores, and credits to the fen what the same outage entered by hand credits', async () => {
    const a = await sign('事故甲 Alpha', 'ap@alpha.example', 4);
    const b = await sign('事故乙 Bravo', 'ap@bravo.example', 4);
    // C is A's twin: same terms, and the same outage typed in after the fact.
    const c = await sign('事故丙 Charlie', 'ap@charlie.example', 4);
    await advancePaying('2027-02-20T10:00:00+08:00');
    await advancePaying('2027-03-01T09:00:00+08:00');
    for (const x of [a, b, c]) {
      const order = (await sys.api('GET', `/v1/contracts/${x.contract}/seat-orders`)).body.data[0].id;
      expect((await sys.api('POST', `/v1/seat-orders/${order}/open`, { openedOn: '2027-03-01' })).status).to.equal(200);
    }

    await advancePaying('2027-03-05T18:30:00+08:00');
    const bad = await sys.api('POST', '/v1/incidents', { startedAt: '2027-03-05T18:00:00+08:00', cause: 'provider', severity: 'major', description: '区域停电', scope: { contractIds: [a.contract] }, seatsAffected: { [a.contract]: 5 } });
    expect(bad.status, bad.text).to.equal(422);
    expect(bad.body.errors[0].path).to.equal(`seatsAffected.${a.contract}`);
    const future = await sys.api('POST', '/v1/incidents', { startedAt: '2027-03-05T19:00:00+08:00', cause: 'provider', severity: 'major', description: '区域停电', scope: 'all' });
    expect(future.status, future.text).to.equal(422);
    expect(future.body.errors[0].path).to.equal('startedAt');

    const opened = await sys.api('POST', '/v1/incidents', {
      startedAt: '2027-03-05T18:00:00+08:00',
      cause: 'provider',
      severity: 'major',
      description: '区域停电，数据中断 / regional power cut',
      scope: { contractIds: [a.contract, b.contract] },
      seatsAffected: { [a.contract]: 3 },
    });
    expect(opened.status, opened.text).to.equal(201);
    expect(opened.body).to.include({ status: 'open', severity: 'major', endedAt: null });
    expect(opened.body.contracts.map((x: { seatsAffected: number }) => x.seatsAffected).sort()).to.deep.equal([3, 4]);

    // Two warning mails, one per affected tenant, over real SMTP, at once.
    const warnings = await waitForMails(received, 'major_fault_warning', 2);
    expect(warnings.map((m) => m.envelopeTo.join(',')).sort()).to.deep.equal(['ap@alpha.example', 'ap@bravo.example']);
    expect(warnings[0]!.parsed.text).to.include('大面积故障');

    // The tenant's status page: its own contract only; another tenant's page is not disclosed.
    const supKey = await sys.api('POST', '/v1/api-keys', { role: 'tenant_supervisor', tenantId: a.tenant, name: 'alpha supervisor' });
    const asA = sys.as(supKey.body.token);
    const status = await asA('GET', `/v1/tenants/${a.tenant}/incidents`);
    expect(status.status, status.text).to.equal(200);
    expect(status.body.data).to.have.length(1);
    expect(status.body.data[0].contracts).to.deep.equal([{ contractId: a.contract, seatsAffected: 3, outageId: null }]);
    expect(status.body).to.include({ hasMore: false, nextCursor: null });
    expect((await asA('GET', `/v1/tenants/${b.tenant}/incidents`)).status).to.equal(404);
    expect((await asA('POST', '/v1/incidents', opened.body)).status).to.equal(403);

    // Open, it is in no bill: the April preview has no outage credit.
    const preview = await sys.api('GET', `/v1/contracts/${a.contract}/upcoming-invoice?period=2027-04`);
    expect(preview.status, preview.text).to.equal(200);
    expect(preview.body.lines.filter((l: { code: string }) => l.code === 'outage_credit')).to.deep.equal([]);
    expect((await sys.api('GET', `/v1/contracts/${a.contract}/outages`)).body.data).to.deep.equal([]);

    // 26 hours later it is restored.
    await advancePaying('2027-03-06T20:30:00+08:00');
    const early = await sys.api('POST', `/v1/incidents/${opened.body.id}/resolve`, { endedAt: '2027-03-05T17:00:00+08:00' });
    expect(early.status, early.text).to.equal(422);
    const resolved = await sys.api('POST', `/v1/incidents/${opened.body.id}/resolve`, { endedAt: '2027-03-06T20:00:00+08:00' });
    expect(resolved.status, resolved.text).to.equal(200);
    expect(resolved.body.status).to.equal('resolved');
    expect((await sys.api('POST', `/v1/incidents/${opened.body.id}/resolve`, { endedAt: '2027-03-06T20:00:00+08:00' })).status).to.equal(409);
    expect((await sys.api('PATCH', `/v1/incidents/${opened.body.id}`, { description: 'too late' })).status).to.equal(409);
    const restored = await waitForMails(received, 'service_restored', 2);
    expect(restored.map((m) => m.envelopeTo.join(',')).sort()).to.deep.equal(['ap@alpha.example', 'ap@bravo.example']);

    const manual = await sys.api('POST', `/v1/contracts/${c.contract}/outages`, { startedAt: '2027-03-05T18:00:00+08:00', endedAt: '2027-03-06T20:00:00+08:00', seatsAffected: 3, cause: 'provider' });
    expect(manual.status, manual.text).to.equal(201);

    // Across the month end: 31 March 20:00 to 1 April 06:00 on one seat of A (and by hand on C).
    await advancePaying('2027-03-31T20:05:00+08:00');
    const night = await sys.api('POST', '/v1/incidents', { startedAt: '2027-03-31T20:00:00+08:00', cause: 'provider', severity: 'minor', description: '线路故障', scope: { contractIds: [a.contract] }, seatsAffected: { [a.contract]: 1 } });
    expect(night.status, night.text).to.equal(201);
    await advancePaying('2027-04-01T06:10:00+08:00');
    expect((await sys.api('POST', `/v1/incidents/${night.body.id}/resolve`, { endedAt: '2027-04-01T06:00:00+08:00' })).status).to.equal(200);
    expect((await sys.api('POST', `/v1/contracts/${c.contract}/outages`, { startedAt: '2027-03-31T20:00:00+08:00', endedAt: '2027-04-01T06:00:00+08:00', seatsAffected: 1, cause: 'provider' })).status).to.equal(201);

    // More than 15 days on two seats of B: their April is waived whole.
    await advancePaying('2027-04-02T00:30:00+08:00');
    const long = await sys.api('POST', '/v1/incidents', { startedAt: '2027-04-02T00:00:00+08:00', cause: 'provider', severity: 'minor', description: '机房故障', scope: { contractIds: [b.contract] }, seatsAffected: { [b.contract]: 2 } });
    expect(long.status, long.text).to.equal(201);
    const raised = await sys.api('PATCH', `/v1/incidents/${long.body.id}`, { severity: 'major' });
    expect(raised.status, raised.text).to.equal(200);
    expect((await waitForMails(received, 'major_fault_warning', 3)).length).to.equal(3);
    await advancePaying('2027-04-18T12:30:00+08:00');
    expect((await sys.api('POST', `/v1/incidents/${long.body.id}/resolve`, { endedAt: '2027-04-18T12:00:00+08:00' })).status).to.equal(200);
    await advancePaying('2027-05-10T09:00:00+08:00');

    // The April bill (issued 10 March) carries the 26-hour outage: 26 h → 2 days (§8.A1).
    // A: 3 × 200000 × 2 / 30 = 40000; B: 4 × 200000 × 2 / 30 = 53333.33 → 53333.
    expect(await outageCredit(a.contract, '2027-04')).to.equal(-40_000);
    expect(await outageCredit(a.contract, '2027-04')).to.equal(await outageCredit(c.contract, '2027-04'));
    expect(await outageCredit(b.contract, '2027-04')).to.equal(-53_333);
    // The May bill (issued 10 April): 4 h in March → 1 day, 6 h in April → 1 day, each
    // 200000 / 30 = 6666.67 → 6667 (one 10-hour day unsplit would be 6667 in all).
    expect(await outageCredit(a.contract, '2027-05')).to.equal(-13_334);
    expect(await outageCredit(c.contract, '2027-05')).to.equal(-13_334);
    // The June bill (issued 10 May): 16.5 days > 15 → two seats' April waived, 2 × 200000.
    expect(await outageCredit(b.contract, '2027-06')).to.equal(-400_000);

    // Each notice once: 3 warnings (A, B; B again for the second incident), 3 restored.
    await new Promise((r) => setTimeout(r, 300));
    expect(received.filter((m) => header(m.parsed, 'X-SeatLease-Notice') === 'major_fault_warning')).to.have.length(3);
    expect(received.filter((m) => header(m.parsed, 'X-SeatLease-Notice') === 'service_restored')).to.have.length(3);

    // Replicas: every notice relayed again by two relays at once (as if each replica had died
    // after posting) queues no second mail — billing's notice key was claimed the first time.
    const notices = sys.contract.knex('incident_notices');
    expect(await notices.clone().where({ status: 'relayed' }).count('* as n').first()).to.deep.equal({ n: 6 });
    await notices.clone().update({ status: 'pending', next_attempt_at: new Date(0) });
    const billing = new ServiceClient(sys.billing.url, 'test-internal-token-0123456789', 10_000, 'billing-service');
    const log = createLogger('relay-test', 'silent');
    const relays = [new IncidentNoticeRelay(sys.contract.knex, billing, log), new IncidentNoticeRelay(sys.contract.knex, billing, log)];
    const taken = await Promise.all(relays.map((r) => r.relayDue()));
    expect(taken[0]! + taken[1]!).to.equal(6);
    expect(await notices.clone().where({ status: 'relayed' }).count('* as n').first()).to.deep.equal({ n: 6 });
    await new Promise((r) => setTimeout(r, 500));
    expect(received.filter((m) => header(m.parsed, 'X-SeatLease-Notice') === 'major_fault_warning')).to.have.length(3);
    expect(received.filter((m) => header(m.parsed, 'X-SeatLease-Notice') === 'service_restored')).to.have.length(3);
  });
});
