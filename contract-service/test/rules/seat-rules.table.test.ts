/**
 * Table tests for the pure seat rules that were reached only through scenarios: `seatSpans`
 * (which seats are live when, SPEC §3) and `daysLate` (§8.A1, §8.X4: calendar days late, not
 * counting days under honoured force majeure).
 */
import { expect } from 'chai';
import { daysLate, newSeatOrder, seatSpans, seatsInServiceOn, type ForceMajeureRow, type SeatOrderRow } from '../../src/contracts/contract-model';

function order(id: string, kind: 'add' | 'return', quantity: number, effectiveDate: string, openedOn: string | null = null): SeatOrderRow {
  return {
    ...newSeatOrder({ id, contractId: 'c1', kind, quantity, effectiveDate, initial: id === 'a1', overrideReason: undefined }),
    opened_on: kind === 'add' ? openedOn : null,
    created_at: new Date('2027-01-01T00:00:00+08:00'),
  } as SeatOrderRow;
}

const at = (iso: string) => new Date(iso);
function fm(start: string, end: string, noticeGivenOn: string): ForceMajeureRow {
  return { id: `fm-${start}`, started_at: at(start), ended_at: at(end), notice_given_on: noticeGivenOn, claimed_by: 'provider', description: 'typhoon', all_contracts: true };
}

describe('rules: seatSpans (SPEC §3)', () => {
  const cases: Array<{ name: string; orders: SeatOrderRow[]; endCap: string | null; spans: Array<[string, number, string, string | null, boolean]> }> = [
    {
      name: 'an opened add order is live from its opening date, open-ended',
      orders: [order('a1', 'add', 10, '2027-03-15', '2027-03-15')],
      endCap: null,
      spans: [['a1', 10, '2027-03-15', null, false]],
    },
    {
      name: 'an add opened late is live from the actual opening, not the requested date',
      orders: [order('a1', 'add', 4, '2027-06-01', '2027-06-08')],
      endCap: null,
      spans: [['a1', 4, '2027-06-08', null, false]],
    },
    {
      name: 'a pending add order is a forecast from its requested date',
      orders: [order('a1', 'add', 3, '2027-04-01')],
      endCap: null,
      spans: [['a1', 3, '2027-04-01', null, true]],
    },
    {
      name: 'a return ends the most recently opened seats first, on its last day of service',
      orders: [order('a1', 'add', 10, '2027-03-01', '2027-03-01'), order('a2', 'add', 2, '2027-04-10', '2027-04-10'), order('r1', 'return', 3, '2027-05-20')],
      endCap: null,
      spans: [
        ['a2', 2, '2027-04-10', '2027-05-20', false],
        ['a1', 1, '2027-03-01', '2027-05-20', false],
        ['a1', 9, '2027-03-01', null, false],
        // a2 is fully returned and leaves no open piece
      ],
    },
    {
      name: 'a termination caps every span, and drops seats that would open after it',
      orders: [order('a1', 'add', 5, '2027-03-01', '2027-03-01'), order('a2', 'add', 2, '2027-09-01')],
      endCap: '2027-08-31',
      spans: [['a1', 5, '2027-03-01', '2027-08-31', false]],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const spans = seatSpans(c.orders, c.endCap).map((s) => [s.orderId, s.quantity, s.liveFrom, s.liveTo, s.forecast]);
      expect(spans).to.have.deep.members(c.spans);
      expect(spans).to.have.length(c.spans.length);
    });
  }

  it('counts live seats by day: a returned seat is live through its last day, a forecast never', () => {
    const spans = seatSpans([order('a1', 'add', 10, '2027-03-01', '2027-03-01'), order('r1', 'return', 2, '2027-04-20'), order('a2', 'add', 1, '2027-05-01')], null);
    expect(seatsInServiceOn(spans, '2027-02-28')).to.equal(0);
    expect(seatsInServiceOn(spans, '2027-04-20')).to.equal(10);
    expect(seatsInServiceOn(spans, '2027-04-21')).to.equal(8);
    expect(seatsInServiceOn(spans, '2027-05-02')).to.equal(8);
  });

  it('refuses (as a bug) a return of more seats than are live', () => {
    expect(() => seatSpans([order('a1', 'add', 2, '2027-03-01', '2027-03-01'), order('r1', 'return', 3, '2027-04-20')], null)).to.throw(/more seats than were live/);
  });
});

describe('rules: daysLate (§8.A1, §8.X4)', () => {
  const cases: Array<{ name: string; requested: string; openedOn: string; fm: ForceMajeureRow[]; days: number }> = [
    { name: 'SPEC §10 example 7: requested 06-01, opened 06-08 → 7', requested: '2027-06-01', openedOn: '2027-06-08', fm: [], days: 7 },
    { name: 'opened on the requested date → 0', requested: '2027-06-01', openedOn: '2027-06-01', fm: [], days: 0 },
    { name: 'opened early → 0, never negative', requested: '2027-06-01', openedOn: '2027-05-28', fm: [], days: 0 },
    { name: 'across a month end: 05-30 → 06-02 is 3 days', requested: '2027-05-30', openedOn: '2027-06-02', fm: [], days: 3 },
    {
      name: 'days under honoured force majeure do not count (06-03 and 06-04 excluded)',
      requested: '2027-06-01',
      openedOn: '2027-06-08',
      fm: [fm('2027-06-03T10:00:00+08:00', '2027-06-04T18:00:00+08:00', '2027-06-10')],
      days: 5,
    },
    {
      name: 'an event ending exactly at midnight does not touch the next day',
      requested: '2027-06-01',
      openedOn: '2027-06-08',
      fm: [fm('2027-06-03T00:00:00+08:00', '2027-06-04T00:00:00+08:00', '2027-06-05')],
      days: 6,
    },
    {
      name: 'force majeure noticed more than 10 days after it ended is not honoured: every day counts',
      requested: '2027-06-01',
      openedOn: '2027-06-08',
      fm: [fm('2027-06-03T10:00:00+08:00', '2027-06-04T18:00:00+08:00', '2027-06-15')],
      days: 7,
    },
    {
      name: 'notice on the 10th day after the end is still in time',
      requested: '2027-06-01',
      openedOn: '2027-06-08',
      fm: [fm('2027-06-03T10:00:00+08:00', '2027-06-04T18:00:00+08:00', '2027-06-14')],
      days: 5,
    },
    {
      name: 'force majeure before the requested date changes nothing',
      requested: '2027-06-01',
      openedOn: '2027-06-03',
      fm: [fm('2027-05-20T10:00:00+08:00', '2027-05-25T10:00:00+08:00', '2027-05-26')],
      days: 2,
    },
  ];
  for (const c of cases) {
    it(c.name, () => expect(daysLate(c.requested, c.openedOn, c.fm)).to.equal(c.days));
  }
});
