/**
 * A holiday calendar staff load is the one every date a tenant sees is counted with (SPEC §1,
 * §4, §6). Issue 14: loaded years came back from PostgreSQL as JS Dates and were silently
 * ignored, so 2027's holidays moved no due date, dunning day or suspension day.
 */
import { expect } from 'chai';
import { startSystem, type System } from '../src/system';

describe('a loaded holiday calendar moves due dates and dunning days (SPEC §1, §4, §6)', () => {
  let sys: System;
  before(async () => {
    sys = await startSystem('calendar_loaded');
    await sys.advanceTo('2027-03-01T09:00:00+08:00');
  });
  after(async () => sys.close());

  it('answers the loaded year in ISO dates, as an override', async () => {
    // A test calendar: two holidays (Fri 19 and Tue 30 March) and two make-up Saturdays.
    const put = await sys.api('PUT', '/v1/calendar/2027', { holidays: ['2027-03-30', '2027-03-19'], workdays: ['2027-03-13', '2027-03-27'] });
    expect(put.status, put.text).to.equal(200);
    const got = await sys.api('GET', '/v1/calendar/2027');
    expect(got.status).to.equal(200);
    expect(got.body).to.deep.equal({ year: 2027, holidays: ['2027-03-19', '2027-03-30'], workdays: ['2027-03-13', '2027-03-27'], source: 'override' });
  });

  it('counts the opening due date, a monthly due date and the dunning days with it', async () => {
    const tenant = await sys.api('POST', '/v1/tenants', { name: '华东呼叫服务有限公司', billingEmails: ['finance@huadong.example'] });
    const contract = await sys.api('POST', '/v1/contracts', {
      tenantId: tenant.body.id, seatTier: 'province', startMonth: '2027-03', termMonths: 12, seats: 10, openingDate: '2027-03-22',
    });
    expect(contract.status, contract.text).to.equal(201);
    // §4: 3 working days before Monday 22 March; Friday the 19th is a holiday → 18, 17, 16.
    // (Monday–Friday alone gives the 17th: what the bug printed.)
    const opening = (await sys.api('GET', `/v1/invoices?contractId=${contract.body.id}`)).body.data[0];
    expect(opening).to.include({ kind: 'opening', dueDate: '2027-03-16' });

    // Through the 10th (April's billing run) to the 17th, the day after the opening invoice's due date.
    await sys.advanceTo('2027-03-17T09:00:00+08:00');
    const invoices = (await sys.api('GET', `/v1/invoices?contractId=${contract.body.id}`)).body.data;
    const april = invoices.find((i: { period: string; kind: string }) => i.period === '2027-04' && i.kind === 'monthly');
    expect(april, JSON.stringify(invoices)).to.not.equal(undefined);
    // §4: 3 working days before 1 April: Wed 31, (Tue 30 a holiday) Mon 29, (Sun 28) make-up Sat 27.
    // (Monday–Friday alone gives the 29th.)
    expect(april.dueDate).to.equal('2027-03-27');

    // §6 dunning counts calendar days from the due date: the reminder 3 days before (the 13th,
    // not the 14th) and the overdue notice the day after (the 17th, not the 18th).
    const notices = await sys.billing.knex('notices').where({ invoice_id: opening.id }).orderBy('on_date').select('kind', 'on_date');
    expect(notices).to.deep.equal([
      { kind: 'payment_reminder', on_date: '2027-03-13' },
      { kind: 'payment_overdue', on_date: '2027-03-17' },
    ]);
  });
});
