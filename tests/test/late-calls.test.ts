import { expect } from 'chai';
import { startSystem, type System } from '../src/system';

/** Decision 0042: calls that arrive after the final invoice go on a supplementary one; 60 days after the end, they are refused. */
describe('late calls: after the final invoice, a supplementary invoice; after 60 days, a rejection row (issue 18)', () => {
  let sys: System;
  let contractId: string;
  const call = (id: string, startedAt: string, durationSeconds: number) => ({ id, seat: 'S1', startedAt, durationSeconds, callType: 'domestic' });
  const invoicesOf = async () =>
    ((await sys.api('GET', `/v1/invoices?contractId=${contractId}`)).body.data as Array<{ id: string; kind: string; number: string; period: string }>).sort((a, b) =>
      a.number.localeCompare(b.number),
    );

  before(async () => {
    sys = await startSystem('late_calls');
    await sys.advanceTo('2027-03-01T09:00:00+08:00');
    const t = await sys.api('POST', '/v1/tenants', { name: '迟到话单租户', billingEmails: ['late@calls.example'] });
    const c = await sys.api('POST', '/v1/contracts', { tenantId: t.body.id, seatTier: 'province', startMonth: '2027-03', termMonths: 1, seats: 1, openingDate: '2027-03-15' });
    expect(c.status, c.text).to.equal(201);
    contractId = c.body.id;
    await sys.advanceTo('2027-03-15T09:00:00+08:00');
    const orders = await sys.api('GET', `/v1/contracts/${contractId}/seat-orders`);
    const opened = await sys.api('POST', `/v1/seat-orders/${orders.body.data[0].id}/open`, { openedOn: '2027-03-15' });
    expect(opened.status, opened.text).to.equal(200);
    await sys.advanceTo('2027-03-25T09:00:00+08:00');
    const calls = await sys.api('POST', '/v1/calls', { contractId, calls: [call('on-time-1', '2027-03-16T10:00:00+08:00', 120)] });
    expect(calls.body.accepted, calls.text).to.equal(1);
  });
  after(async () => sys?.close());

  it('calls imported after the final invoice are billed on a supplementary invoice with its own number and mail', async () => {
    await sys.advanceTo('2027-04-01T09:00:00+08:00');
    const [opening, final] = await invoicesOf();
    expect([opening!.kind, final!.kind]).to.deep.equal(['opening', 'final']);
    const finalLines = (await sys.api('GET', `/v1/invoices/${final!.id}`)).body.lines.filter((l: { code: string }) => l.code === 'phone_usage');
    expect(finalLines.map((l: { quantity: number }) => l.quantity)).to.deep.equal([2]);

    // The carrier's late records arrive after the final invoice: accepted, not lost.
    const late = await sys.api('POST', '/v1/calls', { contractId, calls: [call('late-1', '2027-03-20T10:00:00+08:00', 181), call('late-2', '2027-03-31T23:00:00+08:00', 60)] });
    expect(late.body, late.text).to.include({ accepted: 2 });
    await sys.advanceTo('2027-04-02T09:00:00+08:00');
    const all = await invoicesOf();
    expect(all.map((i) => i.kind)).to.deep.equal(['opening', 'final', 'supplementary']);
    const sup = (await sys.api('GET', `/v1/invoices/${all[2]!.id}`)).body;
    expect(sup).to.include({ kind: 'supplementary', period: '2027-04', issuedOn: '2027-04-02', status: 'open' });
    expect(sup.number).to.match(/^INV-2027-\d{6}$/);
    expect(Number(sup.number.slice(9))).to.equal(Number(final!.number.slice(9)) + 1);
    // Only the late calls: 4 + 1 minutes at the domestic rate of 20 fen; no rent, deposit or damages again.
    expect(sup.lines.map((l: { code: string; quantity: number; amount: number }) => [l.code, l.quantity, l.amount])).to.deep.equal([['phone_usage', 5, 100]]);
    expect(sup.total).to.equal(100);
    const pdf = await fetch(`${sys.gatewayUrl}/v1/invoices/${sup.id}/pdf`, { headers: { authorization: 'Bearer sl_test_admin_token_0123456789abcdef' } });
    expect(pdf.status).to.equal(200);
    const mails = await sys.billing.knex('mail_outbox').where({ invoice_id: sup.id, kind: 'invoice_issued' });
    expect(mails).to.have.length(1);
    expect(mails[0].recipients).to.deep.equal(['late@calls.example']);

    // Nothing more is owed: the next days issue no other supplementary invoice.
    await sys.advanceTo('2027-04-05T09:00:00+08:00');
    expect((await invoicesOf()).length).to.equal(3);
  });

  it('accepts calls until 60 days after the end; a call after that gets a clear rejection row and bills nothing', async () => {
    await sys.advanceTo('2027-05-30T09:00:00+08:00'); // 2027-03-31 + 60 days: the last day calls are accepted
    const lastDay = await sys.api('POST', '/v1/calls', { contractId, calls: [call('late-3', '2027-03-21T10:00:00+08:00', 60)] });
    expect(lastDay.body, lastDay.text).to.include({ accepted: 1 });
    await sys.advanceTo('2027-05-31T09:00:00+08:00');
    const refused = await sys.api('POST', '/v1/calls', { contractId, calls: [call('too-late', '2027-03-22T10:00:00+08:00', 60)] });
    expect(refused.status, refused.text).to.equal(200);
    expect(refused.body).to.include({ accepted: 0 });
    expect(refused.body.rejected).to.deep.equal([
      {
        row: 1,
        message: `contract ${contractId} ended on 2027-03-31; its calls were accepted until 2027-05-30 (60 days after its end) and this one can no longer be billed by SeatLease: bill it by hand`,
      },
    ]);
    await sys.advanceTo('2027-06-02T09:00:00+08:00');
    const all = await invoicesOf();
    expect(all.map((i) => [i.kind, i.period])).to.deep.equal([
      ['opening', '2027-03'],
      ['final', '2027-03'],
      ['supplementary', '2027-04'],
      ['supplementary', '2027-05'],
    ]);
    const may = (await sys.api('GET', `/v1/invoices/${all[3]!.id}`)).body;
    expect(may.lines.map((l: { quantity: number; amount: number }) => [l.quantity, l.amount])).to.deep.equal([[1, 20]]);
  });
});
