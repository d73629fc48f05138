/**
 * Issue 16: the monthly traffic report of a seeded month, through the gateway, against counts
 * the test computes itself from the calls it sent: per seat and call type, the busiest hour of
 * the Asia/Shanghai day, the seat-open hours from the shift log; the CSV and PDF forms; the
 * report mailed once on the 1st over real SMTP with its PDF; tenant scope.
 */
import { expect } from 'chai';
import Papa from 'papaparse';
import { PDFParse } from 'pdf-parse';
import { freePort } from '@seatlease/shared';
import { startSmtpServer, header, type ReceivedMail, type TestSmtpServer } from '@seatlease/billing-service/test/mail/mail-harness';
import { prng } from '../src/prng';
import { startSystem, type System } from '../src/system';

const TYPES = ['local', 'domestic', 'mobile'] as const;

interface Call {
  id: string;
  seat: string;
  startedAt: string;
  durationSeconds: number;
  callType: (typeof TYPES)[number];
}

/** Shanghai is UTC+8 without DST: shift and read the fields. */
function shanghai(iso: string): { month: string; hour: number } {
  const d = new Date(Date.parse(iso) + 8 * 3_600_000);
  return { month: d.toISOString().slice(0, 7), hour: d.getUTCHours() };
}

describe('monthly traffic report', function () {
  this.timeout(120_000);
  let sys: System;
  let smtp: TestSmtpServer;
  const received: ReceivedMail[] = [];
  after(async () => {
    await sys?.close();
    await smtp?.close();
  });

  it('matches counts computed independently, as JSON, CSV and PDF, and is mailed once on the 1st', async () => {
    const port = await freePort();
    smtp = await startSmtpServer(port, received);
    sys = await startSystem('traffic_report', { SMTP_URL: `smtp://127.0.0.1:${port}` });
    await sys.advanceTo('2027-02-20T09:00:00+08:00');
    const sign = async (name: string, emails: string[]) => {
      const t = await sys.api('POST', '/v1/tenants', { name, billingEmails: emails });
      const c = await sys.api('POST', '/v1/contracts', { tenantId: t.body.id, seatTier: 'prefecture', startMonth: '2027-03', termMonths: 6, seats: 3, openingDate: '2027-03-01' });
      expect(c.status, c.text).to.equal(201);
      return { tenant: t.body.id as string, contract: c.body.id as string };
    };
    const a = await sign('话务甲', ['ops@traffic-a.example', 'cfo@traffic-a.example']);
    const b = await sign('话务乙', ['ops@traffic-b.example']);
    await sys.advanceTo('2027-03-01T09:00:00+08:00');
    const order = (await sys.api('GET', `/v1/contracts/${a.contract}/seat-orders`)).body.data[0].id;
    expect((await sys.api('POST', `/v1/seat-orders/${order}/open`, { openedOn: '2027-03-01' })).status).to.equal(200);

    // The shift log: S1 open 10 h on 2 March and 4.5 h on 10 March; S2 open from 22:00 on
    // 31 March into April (2 h of it in March); S3 never opened.
    const log = async (kind: string, seat: string, at: string, agentAccount: string) => {
      const res = await sys.api('POST', `/v1/contracts/${a.contract}/seat-log`, { kind, seat, at, agentAccount });
      expect(res.status, res.text).to.equal(201);
    };
    await sys.advanceTo('2027-03-02T18:30:00+08:00');
    await log('open', 'S1', '2027-03-02T08:00:00+08:00', 'day-01');
    await log('close', 'S1', '2027-03-02T18:00:00+08:00', 'day-01');
    await sys.advanceTo('2027-03-10T13:00:00+08:00');
    await log('open', 'S1', '2027-03-10T08:00:00+08:00', 'day-01');
    await log('close', 'S1', '2027-03-10T12:30:00+08:00', 'day-01');
    await sys.advanceTo('2027-03-31T22:30:00+08:00');
    await log('open', 'S2', '2027-03-31T22:00:00+08:00', 'night-01');
    await sys.advanceTo('2027-04-01T08:30:00+08:00');
    await log('close', 'S2', '2027-04-01T08:00:00+08:00', 'night-01');

    // A seeded month of calls around March (some fall on 1 April in Shanghai, after the month).
    const rand = prng(16);
    const from = Date.parse('2027-02-28T16:00:00Z'); // 00:00 on 1 March in Shanghai: the contract's first day
    const to = Date.parse('2027-03-31T23:00:00Z');
    const calls: Call[] = [];
    for (let i = 0; i < 3000; i++) {
      const at = from + Math.floor(rand() * (to - from));
      calls.push({ id: `A-${i}`, seat: ['S1', 'S2', 'S3'][Math.floor(rand() * 3)]!, startedAt: new Date(at).toISOString(), durationSeconds: 1 + Math.floor(rand() * 900), callType: TYPES[Math.floor(rand() * 3)]! });
    }
    // Edge cases by hand: the first and last second of March in Shanghai.
    calls.push({ id: 'A-first', seat: 'S1', startedAt: '2027-03-01T00:00:00+08:00', durationSeconds: 60, callType: 'local' });
    calls.push({ id: 'A-last', seat: 'S1', startedAt: '2027-03-31T23:59:59+08:00', durationSeconds: 61, callType: 'mobile' });
    calls.push({ id: 'A-april', seat: 'S1', startedAt: '2027-04-01T00:00:00+08:00', durationSeconds: 30, callType: 'mobile' });
    for (let i = 0; i < calls.length; i += 1000) {
      const res = await sys.api('POST', '/v1/calls', { contractId: a.contract, calls: calls.slice(i, i + 1000) });
      expect(res.status, res.text).to.equal(200);
      expect(res.body.rejected).to.deep.equal([]);
    }
    const other = await sys.api('POST', '/v1/calls', { contractId: b.contract, calls: [{ id: 'B-1', seat: 'S1', startedAt: '2027-03-15T10:00:00+08:00', durationSeconds: 100, callType: 'local' }] });
    expect(other.status, other.text).to.equal(200);

    // Independently: March in Shanghai, per seat and type, minutes rounded up per call (§7).
    const march = calls.filter((c) => shanghai(c.startedAt).month === '2027-03');
    const expected = new Map<string, { calls: number; billedMinutes: number; seconds: number; byType: Record<string, number>; hours: number[] }>();
    const allHours = new Array<number>(24).fill(0);
    for (const c of march) {
      const e = expected.get(c.seat) ?? { calls: 0, billedMinutes: 0, seconds: 0, byType: { local: 0, domestic: 0, mobile: 0 }, hours: new Array<number>(24).fill(0) };
      e.calls++;
      e.billedMinutes += Math.ceil(c.durationSeconds / 60);
      e.seconds += c.durationSeconds;
      e.byType[c.callType]!++;
      e.hours[shanghai(c.startedAt).hour]!++;
      allHours[shanghai(c.startedAt).hour]!++;
      expected.set(c.seat, e);
    }
    const busiest = (hours: number[]) => {
      const max = Math.max(...hours);
      return { hour: hours.indexOf(max), calls: max };
    };

    await sys.advanceTo('2027-04-01T09:30:00+08:00');
    const res = await sys.api('GET', `/v1/contracts/${a.contract}/traffic?period=2027-03`);
    expect(res.status, res.text).to.equal(200);
    const report = res.body;
    expect(report.seats.map((s: { seat: string }) => s.seat)).to.deep.equal(['S1', 'S2', 'S3']);
    for (const s of report.seats) {
      const e = expected.get(s.seat)!;
      expect({ calls: s.calls, billedMinutes: s.billedMinutes, seconds: s.seconds }, s.seat).to.deep.equal({ calls: e.calls, billedMinutes: e.billedMinutes, seconds: e.seconds });
      for (const t of TYPES) expect(s.byCallType[t].calls, `${s.seat} ${t}`).to.equal(e.byType[t]);
      expect(s.busiestHour, s.seat).to.deep.equal(busiest(e.hours));
    }
    expect(report.seats.map((s: { seatOpenSeconds: number }) => s.seatOpenSeconds)).to.deep.equal([36_000 + 16_200, 7_200, 0]);
    expect(report.seats.map((s: { seatOpenHours: number }) => s.seatOpenHours)).to.deep.equal([14.5, 2, 0]);
    expect(report.totals).to.include({ calls: march.length, seconds: march.reduce((n, c) => n + c.durationSeconds, 0), seatOpenSeconds: 59_400 });
    expect(report.totals.busiestHour).to.deep.equal(busiest(allHours));
    expect(march.length).to.be.greaterThan(2500); // the seed put most calls in March, not all

    // CSV: one row per seat and a total row, the same figures.
    const csv = await sys.api('GET', `/v1/contracts/${a.contract}/traffic?period=2027-03&format=csv`);
    expect(csv.status).to.equal(200);
    expect(csv.headers.get('content-type')).to.contain('text/csv');
    const rows = Papa.parse<Record<string, string>>(csv.text.replace(/^\ufeff/, '').trim(), { header: true }).data;
    expect(rows.map((r) => r.seat)).to.deep.equal(['S1', 'S2', 'S3', '合计 total']);
    expect(rows.map((r) => Number(r.calls))).to.deep.equal([...report.seats.map((s: { calls: number }) => s.calls), march.length]);
    expect(rows[0]!.seat_open_hours).to.equal('14.50');

    // PDF in the bill's style: its text carries the figures.
    const pdf = await fetch(`${sys.gatewayUrl}/v1/contracts/${a.contract}/traffic?period=2027-03&format=pdf`, { headers: { authorization: 'Bearer sl_test_admin_token_0123456789abcdef' } });
    expect(pdf.headers.get('content-type')).to.contain('application/pdf');
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).to.equal('%PDF-');
    const text = (await new PDFParse({ data: bytes }).getText()).text;
    expect(text).to.include('话务量报表');
    expect(text).to.include(new Intl.NumberFormat('en-US').format(march.length));

    // Scope and input.
    const keyOf = async (role: string, tenantId: string) => {
      // An agent key names an existing agent of its tenant (assessment-service).
      const agentId = role === 'agent' ? (await sys.api('POST', '/v1/agents', { tenantId, name: '话务员', roles: ['intake'] })).body.id : undefined;
      const key = await sys.api('POST', '/v1/api-keys', { role, tenantId, name: role, ...(agentId ? { agentId } : {}) });
      expect(key.status, key.text).to.equal(201);
      return key.body.token as string;
    };
    expect((await sys.as(await keyOf('tenant_finance', b.tenant))('GET', `/v1/contracts/${a.contract}/traffic?period=2027-03`)).status).to.equal(404);
    expect((await sys.as(await keyOf('tenant_supervisor', a.tenant))('GET', `/v1/contracts/${a.contract}/traffic?period=2027-03`)).status).to.equal(200);
    expect((await sys.as(await keyOf('agent', a.tenant))('GET', `/v1/contracts/${a.contract}/traffic?period=2027-03`)).status).to.equal(403);
    const future = await sys.api('GET', `/v1/contracts/${a.contract}/traffic?period=2027-05`);
    expect([future.status, future.body.errors?.[0]?.path]).to.deep.equal([422, 'period']);
    expect((await sys.api('GET', `/v1/contracts/${a.contract}/traffic?period=2027-03&format=xls`)).status).to.equal(400);

    // Mailed at 09:00 on 1 April to each tenant's billing contacts with the PDF, once.
    const deadline = Date.now() + 15_000;
    const reports = () => received.filter((m) => header(m.parsed, 'X-SeatLease-Notice') === 'traffic_report');
    while (reports().length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await sys.advanceTo('2027-04-02T10:00:00+08:00');
    await new Promise((r) => setTimeout(r, 300));
    expect(reports().map((m) => m.envelopeTo.sort().join(',')).sort()).to.deep.equal(['cfo@traffic-a.example,ops@traffic-a.example', 'ops@traffic-b.example']);
    const mailA = reports().find((m) => m.envelopeTo.includes('ops@traffic-a.example'))!;
    expect(mailA.parsed.attachments.map((x) => x.contentType)).to.deep.equal(['application/pdf']);
    expect(mailA.parsed.text).to.include(`共 ${march.length} 通`);
  });
});
