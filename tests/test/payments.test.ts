/**
 * Payments, credit notes and suspension through the public API (gateway → services → Postgres),
 * walking the test clock through March 2027. One system for the file; each scenario has its
 * own tenant so that they do not disturb each other.
 */
import { expect } from 'chai';
import { startSystem, type System } from '../src/system';

interface Signed {
  tenantId: string;
  contractId: string;
  invoiceId: string;
  invoiceNumber: string;
  total: number;
}

describe('payments by bank transfer, credit notes, suspension (SPEC §2.A2, §5, §9)', () => {
  let sys: System;
  let n = 0;

  /** A tenant with one contract of `seats` seats opening on `openingDate`, and its opening invoice. */
  async function sign(seats: number, openingDate: string, tenantId?: string): Promise<Signed> {
    n++;
    if (!tenantId) {
      const t = await sys.api('POST', '/v1/tenants', { name: `测试租户 ${n}`, billingEmails: [`finance${n}@tenant.example`] });
      expect(t.status, t.text).to.equal(201);
      tenantId = t.body.id as string;
    }
    const c = await sys.api('POST', '/v1/contracts', { tenantId, seatTier: 'province', startMonth: openingDate.slice(0, 7), termMonths: 12, seats, openingDate });
    expect(c.status, c.text).to.equal(201);
    const inv = await sys.api('GET', `/v1/invoices?contractId=${c.body.id}`);
    expect(inv.body.data).to.have.length(1);
    const i = inv.body.data[0];
    return { tenantId: tenantId!, contractId: c.body.id, invoiceId: i.id, invoiceNumber: i.number, total: i.total };
  }
  const invoice = async (id: string) => (await sys.api('GET', `/v1/invoices/${id}`)).body;
  const pay = (body: Record<string, unknown>) => sys.api('POST', '/v1/payments', { method: 'bank_transfer', receivedOn: '2027-03-01', ...body });
  const count = async (table: string, where: Record<string, unknown> = {}) => Number((await sys.billing.knex(table).where(where).count({ n: '*' }).first())!.n);

  before(async () => {
    sys = await startSystem('payments');
    await sys.advanceTo('2027-03-01T09:00:00+08:00');
  });
  after(async () => sys.close());

  it('a transfer of the whole amount pays the invoice: status paid, amountDue 0, a payment_received mail', async () => {
    const s = await sign(2, '2027-03-15');
    expect(s.total).to.equal(800000);
    const res = await pay({ tenantId: s.tenantId, amount: 800000, reference: 'ICBC-20270301-0001' });
    expect(res.status, res.text).to.equal(201);
    expect(res.body).to.deep.include({ tenantId: s.tenantId, amount: 800000, currency: 'CNY', method: 'bank_transfer', reference: 'ICBC-20270301-0001', receivedOn: '2027-03-01', creditCreated: 0 });
    expect(res.body.allocations).to.deep.equal([{ invoiceId: s.invoiceId, number: s.invoiceNumber, amount: 800000 }]);
    expect(await invoice(s.invoiceId)).to.include({ status: 'paid', amountDue: 0, amountPaid: 800000 });
    const mails = await sys.billing.knex('mail_outbox').where({ kind: 'payment_received' });
    expect(mails.filter((m) => m.recipients.includes(`finance${n}@tenant.example`))).to.have.length(1);

    // The same bank reference for the same tenant is the same transfer: 409, nothing written.
    const again = await pay({ tenantId: s.tenantId, amount: 800000, reference: 'ICBC-20270301-0001' });
    expect(again.status).to.equal(409);
    expect(again.headers.get('content-type')).to.contain('application/problem+json');
    const list = await sys.api('GET', `/v1/payments?tenantId=${s.tenantId}`);
    expect(list.body.data).to.have.length(1);
    expect(list.body.data[0].allocations).to.deep.equal([{ invoiceId: s.invoiceId, number: s.invoiceNumber, amount: 800000 }]);
  });

  it('racing entries of one transfer and a racing credit note never overpay an invoice', async () => {
    const s = await sign(1, '2027-03-15');
    const results = await Promise.all([
      pay({ tenantId: s.tenantId, amount: 300000, reference: 'RACE-1' }),
      pay({ tenantId: s.tenantId, amount: 300000, reference: 'RACE-1' }),
      pay({ tenantId: s.tenantId, amount: 300000, reference: 'RACE-1' }),
      sys.api('POST', `/v1/invoices/${s.invoiceId}/credit-notes`, { amount: 150000, reason: '并发测试 / race' }),
    ]);
    expect(results.slice(0, 3).map((r) => r.status).sort()).to.deep.equal([201, 409, 409]);
    const after = await invoice(s.invoiceId);
    const st = await sys.api('GET', `/v1/tenants/${s.tenantId}/statement`);
    // Serialized either way round, never more than the total is paid or credited.
    if (results[3]!.status === 201) {
      // credit note first (150000), then the payment: 250000 to the invoice, 50000 kept as credit
      expect(after).to.include({ amountPaid: 250000, amountCredited: 150000, amountDue: 0, status: 'paid' });
      expect(st.body.creditBalance).to.equal(50000);
    } else {
      // payment first: only 100000 remained for the credit note
      expect(results[3]!.status).to.equal(422);
      expect(results[3]!.body.maximum).to.equal(100000);
      expect(after).to.include({ amountPaid: 300000, amountCredited: 0, amountDue: 100000 });
      expect(st.body.creditBalance).to.equal(0);
    }
    expect(await count('payments', { reference: 'RACE-1' })).to.equal(1);
  });

  it('a partial payment pays the oldest invoice (by due date) first; a named invoice comes first', async () => {
    // Signed first (smaller number) but due later: the age is the due date, not the number.
    const later = await sign(1, '2027-04-06');
    const older = await sign(1, '2027-03-15', later.tenantId);
    expect((await invoice(later.invoiceId)).dueDate > (await invoice(older.invoiceId)).dueDate).to.equal(true);
    const res = await pay({ tenantId: later.tenantId, amount: 500000, reference: 'TRANSFER-Q-1' });
    expect(res.status, res.text).to.equal(201);
    expect(res.body.allocations).to.deep.equal([
      { invoiceId: older.invoiceId, number: older.invoiceNumber, amount: 400000 },
      { invoiceId: later.invoiceId, number: later.invoiceNumber, amount: 100000 },
    ]);
    expect(await invoice(older.invoiceId)).to.include({ status: 'paid', amountDue: 0 });
    expect(await invoice(later.invoiceId)).to.include({ status: 'open', amountDue: 300000, amountPaid: 100000 });
    // Named invoice: paid first even though it is not the oldest open one.
    const third = await sign(1, '2027-03-20', later.tenantId);
    const named = await pay({ tenantId: later.tenantId, amount: 450000, reference: 'TRANSFER-Q-2', invoiceId: later.invoiceId });
    expect(named.status, named.text).to.equal(201);
    expect(named.body.allocations).to.deep.equal([
      { invoiceId: later.invoiceId, number: later.invoiceNumber, amount: 300000 },
      { invoiceId: third.invoiceId, number: third.invoiceNumber, amount: 150000 },
    ]);
  });

  it('bad input is a 4xx naming the field, and nothing is written', async () => {
    const s = await sign(1, '2027-03-15');
    const other = await sign(1, '2027-03-15');
    const before = { payments: await count('payments'), allocations: await count('payment_allocations'), mails: await count('mail_outbox'), credit: await count('credit_ledger') };
    const cases: Array<[Record<string, unknown>, number, string]> = [
      [{ tenantId: s.tenantId, amount: 0, reference: 'X1' }, 400, 'amount'],
      [{ tenantId: s.tenantId, amount: -5, reference: 'X1' }, 400, 'amount'],
      [{ tenantId: s.tenantId, amount: 10.5, reference: 'X1' }, 400, 'amount'],
      [{ tenantId: s.tenantId, amount: '100', reference: 'X1' }, 400, 'amount'],
      [{ tenantId: s.tenantId, amount: 100, reference: '' }, 400, 'reference'],
      [{ tenantId: s.tenantId, amount: 100, reference: 'X1', method: 'cash' }, 400, 'method'],
      [{ tenantId: s.tenantId, amount: 100, reference: 'X1', receivedOn: '2027-02-30' }, 400, 'receivedOn'],
      [{ tenantId: 'not-a-uuid', amount: 100, reference: 'X1' }, 400, 'tenantId'],
      [{ tenantId: s.tenantId, amount: 100, reference: 'X1', invoiceId: 'nope' }, 400, 'invoiceId'],
      [{ tenantId: s.tenantId, amount: 100, reference: 'X1', surprise: true }, 400, 'surprise'],
      [{ tenantId: s.tenantId, amount: 100, reference: 'X1', receivedOn: '2027-03-02' }, 422, 'receivedOn'],
      [{ tenantId: '00000000-0000-4000-8000-000000000001', amount: 100, reference: 'X1' }, 404, 'tenantId'],
      [{ tenantId: s.tenantId, amount: 100, reference: 'X1', invoiceId: other.invoiceId }, 422, 'invoiceId'],
      [{ tenantId: s.tenantId, amount: 100, reference: 'X1', invoiceId: '00000000-0000-4000-8000-000000000002' }, 404, 'invoiceId'],
    ];
    for (const [body, status, field] of cases) {
      const res = await pay(body);
      expect(res.status, `${JSON.stringify(body)} → ${res.text}`).to.equal(status);
      expect(res.headers.get('content-type')).to.contain('application/problem+json');
      expect(res.body.errors.map((e: { path: string }) => e.path), JSON.stringify(body)).to.include(field);
    }
    expect({ payments: await count('payments'), allocations: await count('payment_allocations'), mails: await count('mail_outbox'), credit: await count('credit_ledger') }).to.deep.equal(before);
    expect(await invoice(s.invoiceId)).to.include({ status: 'open', amountDue: 400000 });
  });

  it('credit notes: never more than what remains (422 naming amount with the maximum); numbers gapless', async () => {
    const s = await sign(1, '2027-03-15');
    const mailsBefore = await count('mail_outbox', { kind: 'credit_note_issued' });
    expect((await pay({ tenantId: s.tenantId, amount: 100000, reference: 'CN-TEST-PAY' })).status).to.equal(201);
    const tooMuch = await sys.api('POST', `/v1/invoices/${s.invoiceId}/credit-notes`, { amount: 300001, reason: '开通延误补偿 / opening delay' });
    expect(tooMuch.status, tooMuch.text).to.equal(422);
    expect(tooMuch.body.errors[0].path).to.equal('amount');
    expect(tooMuch.body.maximum).to.equal(300000);
    for (const [body, field] of [
      [{ amount: 0, reason: 'x' }, 'amount'],
      [{ amount: 1.5, reason: 'x' }, 'amount'],
      [{ amount: 100 }, 'reason'],
    ] as const) {
      const bad = await sys.api('POST', `/v1/invoices/${s.invoiceId}/credit-notes`, body);
      expect(bad.status).to.equal(400);
      expect(bad.body.errors[0].path).to.equal(field);
    }
    expect((await sys.api('POST', '/v1/invoices/00000000-0000-4000-8000-000000000003/credit-notes', { amount: 1, reason: 'x' })).status).to.equal(404);
    const first = await sys.api('POST', `/v1/invoices/${s.invoiceId}/credit-notes`, { amount: 100000, reason: '价格调整 / price correction' });
    expect(first.status, first.text).to.equal(201);
    expect(first.body).to.include({ invoiceId: s.invoiceId, amount: 100000, currency: 'CNY', issuedOn: '2027-03-01' });
    expect(first.body.number).to.match(/^CN-2027-\d{6}$/);
    // A refused request in between takes no number.
    expect((await sys.api('POST', `/v1/invoices/${s.invoiceId}/credit-notes`, { amount: 200001, reason: 'too much' })).status).to.equal(422);
    const second = await sys.api('POST', `/v1/invoices/${s.invoiceId}/credit-notes`, { amount: 200000, reason: '余额冲销 / write-off' });
    expect(second.status, second.text).to.equal(201);
    const seq = (num: string) => Number(num.slice(-6));
    expect(seq(second.body.number)).to.equal(seq(first.body.number) + 1);
    expect(await invoice(s.invoiceId)).to.include({ amountPaid: 100000, amountCredited: 300000, amountDue: 0, status: 'paid' });
    const nothingLeft = await sys.api('POST', `/v1/invoices/${s.invoiceId}/credit-notes`, { amount: 1, reason: 'x' });
    expect(nothingLeft.status).to.equal(422);
    expect(nothingLeft.body.maximum).to.equal(0);
    expect(await count('mail_outbox', { kind: 'credit_note_issued' })).to.equal(mailsBefore + 2);
  });

  it('a credit note reads back by its id (GET /v1/credit-notes/:id); tenant_finance reads its own only, another tenant’s answers 404', async () => {
    const mine = await sign(1, '2027-03-20');
    const theirs = await sign(1, '2027-03-20');
    const note = await sys.api('POST', `/v1/invoices/${mine.invoiceId}/credit-notes`, { amount: 12345, reason: '开通延误补偿' });
    expect(note.status, note.text).to.equal(201);
    const other = await sys.api('POST', `/v1/invoices/${theirs.invoiceId}/credit-notes`, { amount: 500, reason: '折让' });
    expect(other.status, other.text).to.equal(201);
    const read = await sys.api('GET', `/v1/credit-notes/${note.body.id}`);
    expect(read.status, read.text).to.equal(200);
    expect(read.body).to.deep.equal(note.body);
    expect(read.body).to.include({ invoiceId: mine.invoiceId, tenantId: mine.tenantId, amount: 12345, reason: '开通延误补偿', issuedOn: '2027-03-01' });
    expect((await sys.api('GET', '/v1/credit-notes/00000000-0000-4000-8000-000000000009')).status).to.equal(404);
    expect((await sys.api('GET', '/v1/credit-notes/not-a-uuid')).status).to.equal(404);
    const key = await sys.api('POST', '/v1/api-keys', { role: 'tenant_finance', tenantId: mine.tenantId, name: 'finance reading its credit notes' });
    const tf = sys.as(key.body.token);
    expect((await tf('GET', `/v1/credit-notes/${note.body.id}`)).body).to.deep.equal(note.body);
    const foreign = await tf('GET', `/v1/credit-notes/${other.body.id}`);
    expect(foreign.status, foreign.text).to.equal(404);
    expect(foreign.text).to.not.include(other.body.number);
  });

  it('an overpayment becomes credit that reduces the next invoice; the statement balances', async () => {
    const s = await sign(1, '2027-03-15');
    const res = await pay({ tenantId: s.tenantId, amount: 500000, reference: 'OVERPAY-1' });
    expect(res.status, res.text).to.equal(201);
    expect(res.body.allocations).to.deep.equal([{ invoiceId: s.invoiceId, number: s.invoiceNumber, amount: 400000 }]);
    expect(res.body.creditCreated).to.equal(100000);

    // Meanwhile another tenant gets a credit larger than its April invoice (SPEC §5: carried
    // forward as credit balance) while its opening invoice is still open.
    const c = await sign(1, '2027-03-15');
    const oneOff = await sys.api('POST', `/v1/contracts/${c.contractId}/one-off-charges`, { amount: -500000, description: '设备补偿 / equipment compensation' });
    expect(oneOff.status, oneOff.text).to.equal(201);

    // The billing run on 10 March bills April in advance, and uses the credit.
    await sys.advanceTo('2027-03-10T09:00:00+08:00');
    const april = (await sys.api('GET', `/v1/invoices?contractId=${s.contractId}&period=2027-04`)).body.data;
    expect(april, 'April invoice').to.have.length(1);
    const detail = await invoice(april[0].id);
    const credit = detail.lines.find((l: { code: string }) => l.code === 'credit_carried');
    expect(credit.amount).to.equal(-100000);
    expect(detail.total).to.equal(200000 - 100000);

    const st = await sys.api('GET', `/v1/tenants/${s.tenantId}/statement?to=2027-03-10`);
    expect(st.status, st.text).to.equal(200);
    expect(st.body.openingBalance).to.equal(0);
    expect(st.body.movements.map((m: { type: string; amount: number; balance: number }) => [m.type, m.amount, m.balance])).to.deep.equal([
      ['invoice', 400000, 400000],
      ['payment', -500000, -100000],
      ['invoice', 100000, 0],
      ['credit', 100000, 100000],
    ]);
    expect(st.body.closingBalance).to.equal(100000);
    expect(st.body.creditBalance).to.equal(0);
    expect(st.body.deposits).to.deep.equal([{ contractId: s.contractId, held: 200000 }]);
    expect(st.body.depositHeld).to.equal(200000);
    // closing balance = what is due on the invoices − the credit balance
    const dueOf = async (tenantId: string) => (await sys.api('GET', `/v1/invoices?tenantId=${tenantId}`)).body.data.reduce((t: number, i: { amountDue: number }) => t + i.amountDue, 0);
    expect(st.body.closingBalance).to.equal((await dueOf(s.tenantId)) - st.body.creditBalance);
    // A window: what came before `from` is the opening balance.
    const window = await sys.api('GET', `/v1/tenants/${s.tenantId}/statement?from=2027-03-02&to=2027-03-10`);
    expect(window.body.openingBalance).to.equal(-100000);
    expect(window.body.closingBalance).to.equal(100000);
    const bad = await sys.api('GET', `/v1/tenants/${s.tenantId}/statement?from=2027-03-11&to=2027-03-10`);
    expect(bad.status).to.equal(422);
    expect(bad.body.errors[0].path).to.equal('from');
    expect((await sys.api('GET', `/v1/tenants/${s.tenantId}/statement?to=tomorrow`)).body.errors[0].path).to.equal('to');
    expect((await sys.api('GET', '/v1/tenants/00000000-0000-4000-8000-000000000004/statement')).status).to.equal(404);

    // The other tenant: April's invoice is 200000 − 500000 → total 0, 300000 carried as credit;
    // its opening invoice (400000) is still open. The next payment brings the credit to it too.
    const cApril = (await sys.api('GET', `/v1/invoices?contractId=${c.contractId}&period=2027-04`)).body.data[0];
    expect(cApril.total).to.equal(0);
    const before = await sys.api('GET', `/v1/tenants/${c.tenantId}/statement`);
    expect(before.body.creditBalance).to.equal(300000);
    expect(before.body.closingBalance).to.equal(400000 - 300000);
    const small = await pay({ tenantId: c.tenantId, amount: 50000, reference: 'SMALL-1', receivedOn: '2027-03-10' });
    expect(small.status, small.text).to.equal(201);
    expect(small.body.allocations).to.deep.equal([{ invoiceId: c.invoiceId, number: c.invoiceNumber, amount: 50000 }]);
    expect(small.body.creditApplied).to.deep.equal([{ invoiceId: c.invoiceId, number: c.invoiceNumber, amount: 300000 }]);
    expect(await invoice(c.invoiceId)).to.include({ amountPaid: 350000, amountDue: 50000, status: 'open' });
    const after = await sys.api('GET', `/v1/tenants/${c.tenantId}/statement`);
    expect(after.body.creditBalance).to.equal(0);
    expect(after.body.closingBalance).to.equal(50000);
    expect(after.body.closingBalance).to.equal((await dueOf(c.tenantId)) - after.body.creditBalance);
  });

  it('a suspended contract becomes active again once everything overdue is paid (§2.A2)', async () => {
    const s = await sign(1, '2027-03-15');
    await sys.advanceTo('2027-03-15T09:00:00+08:00');
    const orders = await sys.api('GET', `/v1/contracts/${s.contractId}/seat-orders`);
    const opened = await sys.api('POST', `/v1/seat-orders/${orders.body.data[0].id}/open`, { openedOn: '2027-03-15' });
    expect(opened.status, opened.text).to.equal(200);
    expect((await sys.api('GET', `/v1/contracts/${s.contractId}`)).body.status).to.equal('active');
    // Due 2027-03-10; unpaid more than 15 days → suspended on day 16 (2027-03-26).
    await sys.advanceTo('2027-03-26T09:00:00+08:00');
    expect((await sys.api('GET', `/v1/contracts/${s.contractId}`)).body.status).to.equal('suspended');
    const overdue = (await sys.api('GET', `/v1/invoices?contractId=${s.contractId}`)).body.data.filter(
      (i: { dueDate: string; amountDue: number }) => i.dueDate < '2027-03-26' && i.amountDue > 0,
    );
    expect(overdue.map((i: { id: string }) => i.id)).to.deep.equal([s.invoiceId]);
    const aging = await sys.api('GET', '/v1/reports/ar-aging');
    expect(aging.status, aging.text).to.equal(200);
    expect(aging.body.asOf).to.equal('2027-03-26');
    const mine = aging.body.tenants.find((t: { tenantId: string }) => t.tenantId === s.tenantId);
    expect(mine.days1to30).to.equal(400000);
    expect(mine.current + mine.days1to30 + mine.days31to60 + mine.days61to90 + mine.days90plus).to.equal(mine.total);

    const res = await pay({ tenantId: s.tenantId, amount: 400000, reference: 'LATE-1', receivedOn: '2027-03-26' });
    expect(res.status, res.text).to.equal(201);
    expect(res.body.suspensionsLifted).to.deep.equal([s.contractId]);
    expect((await sys.api('GET', `/v1/contracts/${s.contractId}`)).body.status).to.equal('active');
  });

  it('ar-aging: buckets as of a date, per tenant and in total, summing to the total', async () => {
    const asOf = '2027-03-26';
    const r = await sys.api('GET', `/v1/reports/ar-aging?asOf=${asOf}`);
    expect(r.status, r.text).to.equal(200);
    const keys = ['current', 'days1to30', 'days31to60', 'days61to90', 'days90plus'] as const;
    for (const t of [...r.body.tenants, r.body.totals]) expect(keys.reduce((s, k) => s + t[k], 0)).to.equal(t.total);
    expect(r.body.tenants.reduce((s: number, t: { total: number }) => s + t.total, 0)).to.equal(r.body.totals.total);
    // Total receivables as of today = the sum of amountDue over every invoice issued by then.
    const all = (await sys.api('GET', '/v1/invoices?limit=500')).body.data;
    expect(r.body.totals.total).to.equal(all.reduce((s: number, i: { amountDue: number }) => s + i.amountDue, 0));
    // As of 1 March nothing was past due yet.
    const early = await sys.api('GET', '/v1/reports/ar-aging?asOf=2027-03-01');
    expect(early.body.totals.current).to.equal(early.body.totals.total);
    expect((await sys.api('GET', '/v1/reports/ar-aging?asOf=2027-3-1')).body.errors[0].path).to.equal('asOf');
  });

  it('tenant_finance sees only its own statement, payments and invoices; another tenant answers 404', async () => {
    const mine = await sign(1, '2027-04-06');
    const theirs = await sign(1, '2027-04-06');
    expect((await pay({ tenantId: mine.tenantId, amount: 1000, reference: 'TF-1', receivedOn: '2027-03-26' })).status).to.equal(201);
    expect((await pay({ tenantId: theirs.tenantId, amount: 2000, reference: 'TF-2', receivedOn: '2027-03-26' })).status).to.equal(201);
    const key = await sys.api('POST', '/v1/api-keys', { role: 'tenant_finance', tenantId: mine.tenantId, name: 'finance of mine' });
    expect(key.status, key.text).to.equal(201);
    const tf = sys.as(key.body.token);
    const st = await tf('GET', `/v1/tenants/${mine.tenantId}/statement`);
    expect(st.status, st.text).to.equal(200);
    expect(st.body.tenantId).to.equal(mine.tenantId);
    expect((await tf('GET', `/v1/tenants/${theirs.tenantId}/statement`)).status).to.equal(404);
    const payments = await tf('GET', '/v1/payments');
    expect(payments.body.data.map((p: { reference: string }) => p.reference)).to.deep.equal(['TF-1']);
    expect((await tf('GET', `/v1/payments?tenantId=${theirs.tenantId}`)).body.data).to.deep.equal([]);
    expect((await tf('GET', `/v1/invoices/${theirs.invoiceId}`)).status).to.equal(404);
    expect((await tf('GET', `/v1/invoices/${mine.invoiceId}`)).status).to.equal(200);
    expect((await tf('GET', '/v1/invoices')).body.data.every((i: { tenantId: string }) => i.tenantId === mine.tenantId)).to.equal(true);
    // Writes and staff reports are not theirs.
    expect((await tf('POST', '/v1/payments', { tenantId: mine.tenantId, amount: 1, method: 'bank_transfer', reference: 'TF-3', receivedOn: '2027-03-26' })).status).to.equal(403);
    expect((await tf('POST', `/v1/invoices/${mine.invoiceId}/credit-notes`, { amount: 1, reason: 'x' })).status).to.equal(403);
    expect((await tf('GET', '/v1/reports/ar-aging')).status).to.equal(403);
    // Stripe is off in this system: its routes say so.
    const intent = await tf('POST', '/v1/payments/stripe-intents', { invoiceId: mine.invoiceId, method: 'card' });
    expect(intent.status).to.equal(503);
    expect(intent.body.type).to.equal('/docs/problems/not_configured');
    expect(intent.body.detail).to.match(/Stripe.*not configured/);
  });
});
