import { expect } from 'chai';
import { buildTrafficReport, busiest, trafficCsvRows } from '../../src/traffic/traffic-report';

describe('traffic report (pure)', () => {
  it('the busiest hour: most calls, a tie to the earlier hour, none without calls', () => {
    expect(busiest([{ hour: 14, calls: 9 }, { hour: 9, calls: 9 }, { hour: 10, calls: 3 }])).to.deep.equal({ hour: 9, calls: 9 });
    expect(busiest([])).to.equal(null);
  });

  it('sums seats and types, lists open seats without calls, rounds open hours for reading only', () => {
    const r = buildTrafficReport({
      contractId: 'c',
      tenantId: 't',
      tenantName: '租户',
      period: '2027-03',
      generatedAt: '2027-04-01T01:00:00.000Z',
      types: [
        { seat: 'S2', callType: 'local', calls: 3, billedMinutes: 5, seconds: 250 },
        { seat: 'S2', callType: 'mobile', calls: 1, billedMinutes: 2, seconds: 61 },
        { seat: 'S1', callType: 'domestic', calls: 2, billedMinutes: 2, seconds: 100 },
      ],
      hours: [
        { seat: 'S1', hour: 8, calls: 2 },
        { seat: 'S2', hour: 22, calls: 4 },
        { seat: null, hour: 22, calls: 4 },
      ],
      openSeconds: [
        { seat: 'S1', seconds: 3600 },
        { seat: 'S3', seconds: 1000 },
      ],
    });
    expect(r.seats.map((s) => [s.seat, s.calls, s.billedMinutes, s.seconds, s.seatOpenHours])).to.deep.equal([
      ['S1', 2, 2, 100, 1],
      ['S2', 4, 7, 311, 0],
      ['S3', 0, 0, 0, 0.28],
    ]);
    expect(r.seats[1]!.byCallType).to.deep.equal({ local: { calls: 3, billedMinutes: 5, seconds: 250 }, domestic: { calls: 0, billedMinutes: 0, seconds: 0 }, mobile: { calls: 1, billedMinutes: 2, seconds: 61 } });
    expect(r.totals).to.include({ calls: 6, billedMinutes: 9, seconds: 411, seatOpenSeconds: 4600, seatOpenHours: 1.28 });
    expect(r.totals.busiestHour).to.deep.equal({ hour: 22, calls: 4 });
    const csv = trafficCsvRows(r);
    expect(csv.map((row) => row.seat)).to.deep.equal(['S1', 'S2', 'S3', '合计 total']);
    expect(csv[1]).to.include({ calls: 4, local_calls: 3, mobile_billed_minutes: 2, busiest_hour: '22:00', seat_open_hours: '0.00' });
  });
});
