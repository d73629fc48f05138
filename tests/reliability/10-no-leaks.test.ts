/**
 * Reliability 10: after a flow that exercises everything — tenants, contracts, seats, calls,
 * outages, force majeure, billing runs, dunning, payments, credit notes, terminations, renewals,
 * transfers, API keys (one created with an Idempotency-Key), agents' events, scorecards and
 * appeals (supervisor and agent keys), and Stripe webhooks whose payloads
 * carry card-like data (a PAN in the metadata and a payment_method_details.card.number, in a
 * booked event, an event for no invoice of ours and a forged one) — a scan finds NO card number
 * (13–19 digits, grouped or not, passing Luhn; see support/index.ts) and NO secret (the Stripe
 * secret key, the webhook secret, the internal token, the admin token, any API key token) in:
 *   - the database: every text, varchar, jsonb, json, array and bytea column of every table;
 *   - the logs: all stdout and stderr of the four processes at LOG_LEVEL=debug;
 *   - the mails: every outbox mail rendered as the sender sends it (.eml), headers, text and
 *     attachments;
 *   - the PDFs: every invoice's PDF (GET /v1/invoices/:id/pdf) and every mailed PDF, as text.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { simpleParser } from 'mailparser';
import { PDFParse } from 'pdf-parse';
import { createKnex } from '@seatlease/shared';
import { ADMIN_TOKEN } from '../src/system';
import { startLoggedProcesses, type LoggedSystem } from './support/logged-processes';
import { APP_SCHEMAS, findCardNumbers, scanForLeaks, withPg } from './support';
import { deliverWebhook, paymentIntent, signature, stripeEvent } from './support/stripe';

const STRIPE_SECRET_KEY = 'sk_test_51ReliabilityScanSecretKey0123456789';
const STRIPE_WEBHOOK_SECRET = 'whsec_ReliabilityScanWebhookSecret0123456789';
const INTERNAL_TOKEN = 'reliability-scan-internal-token-0123456789';

/** Card numbers the flow feeds in; each passes Luhn (checked below, so the scan can find them). */
const PANS = ['4111 1111 1111 1111', '5555-5555-5555-4444', '4242424242424242', '6212345678901265', '378282246310005'];

async function pdfText(pdf: Buffer | Uint8Array): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

describe('reliability 10: no card number and no secret in the database, logs, mails or PDFs', function () {
  this.timeout(240_000);
  let sys: LoggedSystem | undefined;
  const mailDir = mkdtempSync(join(tmpdir(), 'seatlease-rel-mail-'));
  after(async () => {
    await sys?.close();
    rmSync(mailDir, { recursive: true, force: true });
  });

  it('→ the scan of everything finds nothing', async () => {
    // The scanner itself finds what it must (a scan that finds nothing proves nothing otherwise).
    for (const pan of PANS) expect(findCardNumbers(`paid with ${pan}.`), pan).to.deep.equal([pan]);
    expect(findCardNumbers('2027-03-01 2027-03-31 1764343819123 0200 0000 0000 0000 000 INV-2027-000001 150d2259-6350-4992-924d-47900e32b941')).to.deep.equal([]);

    sys = await startLoggedProcesses('rel_leaks', { STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET, SEATLEASE_INTERNAL_TOKEN: INTERNAL_TOKEN });
    const api = sys.api;
    const ok = async (p: Promise<{ status: number; text: string; body: any }>, status = 201) => {
      const r = await p;
      expect(r.status, r.text).to.equal(status);
      return r.body;
    };
    await sys.advanceTo('2027-03-01T09:00:00+08:00');
    const a = await ok(api('POST', '/v1/tenants', { name: '上海鼎信客户服务外包有限公司', billingEmails: ['finance@dingxin.example', 'cfo@dingxin.example'] }));
    const b = await ok(api('POST', '/v1/tenants', { name: '杭州云呼科技有限公司', billingEmails: ['ap@yunhu.example'] }));
    await ok(api('PUT', '/v1/price-list/county', { seatFee: 150_000, circuitFee: 20_000 }), 200);
    await ok(api('PUT', '/v1/calendar/2027', { holidays: ['2027-10-01'], workdays: ['2027-09-26'] }), 200);
    const a1 = await ok(api('POST', '/v1/contracts', { tenantId: a.id, seatTier: 'province', startMonth: '2027-03', termMonths: 12, seats: 3, openingDate: '2027-03-10' }));
    const a2 = await ok(api('POST', '/v1/contracts', { tenantId: a.id, seatTier: 'county', startMonth: '2027-03', termMonths: 6, seats: 1, openingDate: '2027-03-12', callRates: { local: 10, domestic: 20, mobile: 15 } }));
    const b1 = await ok(api('POST', '/v1/contracts', { tenantId: b.id, seatTier: 'prefecture', startMonth: '2027-03', termMonths: 12, seats: 2, openingDate: '2027-03-15' }));
    const order = await ok(api('POST', `/v1/contracts/${a1.id}/seat-orders`, { kind: 'add', quantity: 2, effectiveDate: '2027-03-20' }));
    await ok(api('POST', `/v1/contracts/${a2.id}/one-off-charges`, { amount: 30_000, description: '坐席搬迁服务费' }));

    // API keys: tokens are secrets; one created with an Idempotency-Key (its answer is replayable).
    const financeKey = await ok(api('POST', '/v1/api-keys', { role: 'tenant_finance', tenantId: a.id, name: 'A finance' }, { 'idempotency-key': 'create-finance-key-1' }));
    const schedulerKey = await ok(api('POST', '/v1/api-keys', { role: 'scheduler', name: 'cron' }));
    const asFinance = sys.as(financeKey.token);
    await ok(asFinance('GET', `/v1/invoices?contractId=${a1.id}`), 200);

    // The people at the seats (assessment-service): supervisor and agent keys, a month of records.
    const supervisorKey = await ok(api('POST', '/v1/api-keys', { role: 'tenant_supervisor', tenantId: a.id, name: 'A supervisor' }));
    const asSupervisor = sys.as(supervisorKey.token);
    const agent = await ok(asSupervisor('POST', '/v1/agents', { name: '受理员 张三', roles: ['intake'], joinedOn: '2027-02-01' }));
    const agentKey = await ok(api('POST', '/v1/api-keys', { role: 'agent', tenantId: a.id, agentId: agent.id, name: '张三' }));
    await ok(asSupervisor('POST', '/v1/assessment-events', { agentId: agent.id, itemCode: 'phone.no_courtesy', occurredOn: '2027-03-01', note: '未使用礼貌用语' }));
    await ok(asSupervisor('POST', '/v1/workdays', { agentId: agent.id, role: 'intake', workDate: '2027-03-01', handled: 12 }));

    await sys.advanceTo('2027-03-21T09:00:00+08:00');
    await ok(api('POST', `/v1/seat-orders/${order.id}/open`, { openedOn: '2027-03-21' }), 200);
    await ok(api('POST', `/v1/contracts/${a1.id}/outages`, { startedAt: '2027-03-16T09:00:00+08:00', endedAt: '2027-03-17T18:00:00+08:00', seatsAffected: 2, cause: 'provider', description: '机房线路故障' }));
    await ok(api('POST', '/v1/force-majeure', { startedAt: '2027-03-18T00:00:00+08:00', endedAt: '2027-03-19T00:00:00+08:00', noticeGivenOn: '2027-03-18', claimedBy: 'provider', description: '台风' }));
    await ok(
      api('POST', '/v1/calls', [
        { id: 'cdr-1', seat: 'A1-01', startedAt: '2027-03-16T10:00:00+08:00', durationSeconds: 125, callType: 'mobile', contractId: a1.id },
        { id: 'cdr-2', seat: 'A1-02', startedAt: '2027-03-16T11:00:00+08:00', durationSeconds: 30, callType: 'local', contractId: a1.id },
      ]),
      200,
    );
    const csv = `id,seat,startedAt,durationSeconds,callType\ncdr-3,A2-01,2027-03-17T09:00:00+08:00,61,domestic\n`;
    const csvRes = await fetch(`${sys.gatewayUrl}/v1/calls?contractId=${a2.id}`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'text/csv' }, body: csv });
    expect(csvRes.status, await csvRes.text()).to.equal(200);

    const invoicesOf = async (contractId: string) => (await api('GET', `/v1/invoices?contractId=${contractId}`)).body.data as Array<{ id: string; total: number; number: string }>;
    const [a1Opening] = await invoicesOf(a1.id);
    const [a2Opening] = await invoicesOf(a2.id);
    const [b1Opening] = await invoicesOf(b1.id);
    await ok(api('POST', '/v1/payments', { tenantId: a.id, amount: a1Opening!.total, method: 'bank_transfer', reference: 'ICBC-20270321-0001', receivedOn: '2027-03-21', invoiceId: a1Opening!.id }));
    await ok(api('POST', `/v1/invoices/${a2Opening!.id}/credit-notes`, { amount: 5_000, reason: '服务中断补偿' }));

    // Stripe: card data where it should never travel, and see that it goes nowhere.
    const withCard = (pi: Record<string, unknown>, pan: string) => ({
      ...pi,
      latest_charge: { id: 'ch_rel', payment_method_details: { type: 'card', card: { brand: 'visa', last4: pan.slice(-4), number: pan, exp_month: 12, exp_year: 2030 } } },
    });
    const booked = stripeEvent(
      'evt_rel_scan_booked',
      'payment_intent.succeeded',
      withCard(paymentIntent('pi_rel_scan_b1', { invoiceId: b1Opening!.id, tenantId: b.id, status: 'succeeded', amount: b1Opening!.total, metadata: { note: `card ${PANS[0]}` } }), PANS[2]!),
    );
    const stray = stripeEvent(
      'evt_rel_scan_stray',
      'payment_intent.succeeded',
      withCard(paymentIntent('pi_rel_scan_stray', { invoiceId: '00000000-0000-4000-8000-0000000000aa', tenantId: b.id, status: 'succeeded', amount: 100, metadata: { customer_card: PANS[1]! } }), PANS[3]!),
    );
    const failed = stripeEvent(
      'evt_rel_scan_failed',
      'payment_intent.payment_failed',
      withCard(paymentIntent('pi_rel_scan_b1', { invoiceId: b1Opening!.id, tenantId: b.id, status: 'requires_payment_method', amount: 1, metadata: { pan: PANS[4]! } }), PANS[4]!),
    );
    for (const payload of [booked, stray, failed]) expect(findCardNumbers(payload).length, 'the payloads do carry card numbers').to.be.greaterThan(0);
    expect((await deliverWebhook(sys.gatewayUrl, booked, signature(booked, STRIPE_WEBHOOK_SECRET))).status).to.equal(200);
    expect((await deliverWebhook(sys.gatewayUrl, stray, signature(stray, STRIPE_WEBHOOK_SECRET))).status).to.equal(200);
    expect((await deliverWebhook(sys.gatewayUrl, failed, signature(failed, STRIPE_WEBHOOK_SECRET))).status).to.equal(200);
    expect((await deliverWebhook(sys.gatewayUrl, stray, signature(stray, 'whsec_forged'))).status).to.equal(400);

    // Months pass: billing runs, dunning, a termination with its final invoice, a renewal, a transfer.
    await ok(api('POST', `/v1/contracts/${a2.id}/terminations`, { kind: 'mutual', noticeDate: '2027-03-21', effectiveDate: '2027-04-30', reason: '业务收缩' }));
    await sys.advanceTo('2027-05-02T09:00:00+08:00');
    await ok(api('POST', `/v1/contracts/${a1.id}/renewals`, { termMonths: 12 }));
    await ok(api('POST', `/v1/contracts/${b1.id}/transfers`, { toTenantId: a.id, consentGivenOn: '2027-05-02' }));
    await ok(sys.as(schedulerKey.token)('POST', '/v1/billing-runs', { period: '2027-06' }), 200);
    await ok(api('GET', `/v1/tenants/${a.id}/statement`), 200);
    await ok(api('GET', '/v1/reports/ar-aging'), 200);
    const published = await ok(asSupervisor('POST', '/v1/assessment-publications', { month: '2027-03' }));
    const scorecardId = published.scorecards[0].id as string;
    await ok(sys.as(agentKey.token)('POST', `/v1/scorecards/${scorecardId}/appeals`, { reason: '申诉:当日为培训' }));

    const sources: Array<{ name: string; text: string }> = [];

    // PDFs, as served.
    const all = (await api('GET', '/v1/invoices?limit=500')).body.data as Array<{ id: string; number: string }>;
    expect(all.length).to.be.greaterThan(6);
    for (const inv of all) {
      const res = await fetch(`${sys.gatewayUrl}/v1/invoices/${inv.id}/pdf`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
      expect(res.status).to.equal(200);
      sources.push({ name: `PDF ${inv.number}`, text: await pdfText(new Uint8Array(await res.arrayBuffer())) });
    }

    const scorecardPdf = await fetch(`${sys.gatewayUrl}/v1/scorecards/${scorecardId}/pdf`, { headers: { authorization: `Bearer ${agentKey.token}` } });
    expect(scorecardPdf.status).to.equal(200);
    sources.push({ name: 'PDF scorecard', text: await pdfText(new Uint8Array(await scorecardPdf.arrayBuffer())) });

    // Mails, as the billing service's own sender delivered them (.eml files, no SMTP_URL): wait,
    // bounded, until the outbox is empty — mail is due in real time even under the test clock.
    const knex = createKnex(sys.db.url, 'billing');
    try {
      const total = Number((await knex('mail_outbox').count({ n: '*' }).first())!.n);
      expect(total).to.be.greaterThan(5);
      let pending = total;
      for (let i = 0; i < 150 && pending > 0; i++) {
        await new Promise((r) => setTimeout(r, 200));
        pending = Number((await knex('mail_outbox').where({ status: 'pending' }).count({ n: '*' }).first())!.n);
      }
      expect(pending, 'every mail delivered by the service itself').to.equal(0);
    } finally {
      await knex.destroy();
    }
    const outboxDir = join(sys.env.SEATLEASE_DATA_DIR!, 'outbox');
    cpSync(outboxDir, join(mailDir, 'outbox'), { recursive: true });
    const emls = readdirSync(join(mailDir, 'outbox')).filter((f) => f.endsWith('.eml'));
    for (const file of emls) {
      const raw = readFileSync(join(mailDir, 'outbox', file));
      const mail = await simpleParser(raw);
      const headers = [...mail.headers.entries()].map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`).join('\n');
      sources.push({ name: `mail ${file}`, text: `${headers}\n${mail.text ?? ''}\n${raw.toString('utf8')}` });
      for (const att of mail.attachments) {
        sources.push({ name: `mail ${file} attachment ${att.filename}`, text: att.contentType === 'application/pdf' ? await pdfText(att.content) : att.content.toString('utf8') });
      }
    }
    expect(emls.length).to.be.greaterThan(5);

    // The database: every column that can hold text.
    await withPg(sys.db.url, async (c) => {
      const cols = await c.query<{ table_schema: string; table_name: string; column_name: string; data_type: string }>(
        `select c.table_schema, c.table_name, c.column_name, c.data_type from information_schema.columns c
           join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
          where c.table_schema = any($1) and c.data_type in ('text', 'character varying', 'character', 'jsonb', 'json', 'ARRAY', 'bytea', 'USER-DEFINED')
          order by 1, 2, 3`,
        [APP_SCHEMAS],
      );
      expect(cols.rows.length).to.be.greaterThan(30);
      for (const col of cols.rows) {
        const expr = col.data_type === 'bytea' ? `encode("${col.column_name}", 'escape')` : `"${col.column_name}"::text`;
        const r = await c.query(`select coalesce(string_agg(${expr}, E'\\n'), '') as v from "${col.table_schema}"."${col.table_name}"`);
        sources.push({ name: `db ${col.table_schema}.${col.table_name}.${col.column_name}`, text: r.rows[0].v });
      }
    });

    // The logs of every process, at debug level.
    for (const [service, text] of Object.entries(sys.logs())) {
      expect(text.length, `${service} logged something`).to.be.greaterThan(1000);
      sources.push({ name: `log ${service}`, text });
    }

    const secrets: Record<string, string> = {
      'the Stripe secret key': STRIPE_SECRET_KEY,
      'the Stripe webhook secret': STRIPE_WEBHOOK_SECRET,
      'the internal token': INTERNAL_TOKEN,
      'the admin token': ADMIN_TOKEN,
      'the tenant_finance token': financeKey.token,
      'the scheduler token': schedulerKey.token,
      'the tenant_supervisor token': supervisorKey.token,
      'the agent token': agentKey.token,
    };
    const leaks = scanForLeaks(sources, secrets);
    process.stdout.write(`      scanned ${sources.length} sources, ${Math.round(sources.reduce((n, s) => n + s.text.length, 0) / 1024)} KB of text\n`);
    expect(leaks, leaks.join('\n')).to.deep.equal([]);
  });
});
