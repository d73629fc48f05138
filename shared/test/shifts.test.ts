import { expect } from 'chai';
import { DEFAULT_SHIFTS, instantMs, nearestShiftChange, parseShifts, shiftAt } from '../src/index';

describe('shift table (坐席员管理办法 二.1)', () => {
  const table = parseShifts(DEFAULT_SHIFTS);

  it('the default is the seed’s four shifts, the night one crossing midnight', () => {
    expect(table.map((s) => s.name)).to.deep.equal(['morning', 'midday', 'afternoon', 'night']);
    expect(table.map((s) => [s.startMinute, s.endMinute])).to.deep.equal([[480, 720], [720, 870], [870, 1080], [1080, 480]]);
  });

  const cases: Array<[string, string, string]> = [
    ['2027-03-06T08:00:00+08:00', 'morning', '2027-03-06'],
    ['2027-03-06T07:59:59+08:00', 'night', '2027-03-05'],
    ['2027-03-06T00:00:00+08:00', 'night', '2027-03-05'],
    ['2027-03-05T23:59:00+08:00', 'night', '2027-03-05'],
    ['2027-03-05T18:00:00+08:00', 'night', '2027-03-05'],
    ['2027-03-05T14:29:00+08:00', 'midday', '2027-03-05'],
    ['2027-03-05T14:30:00+08:00', 'afternoon', '2027-03-05'],
    // Asia/Shanghai, whatever the instant's offset: 2027-03-31T23:30Z is 1 April 07:30 there.
    ['2027-03-31T23:30:00Z', 'night', '2027-03-31'],
  ];
  for (const [at, shift, date] of cases) {
    it(`${at} is the ${shift} shift of ${date}`, () => {
      const s = shiftAt(table, instantMs(at));
      expect([s.shift.name, s.shiftDate]).to.deep.equal([shift, date]);
    });
  }

  it('the nearest shift change: the night hands over to the morning at 08:00', () => {
    const c = nearestShiftChange(table, instantMs('2027-03-06T08:10:00+08:00'));
    expect([c.from.name, c.to.name, c.fromDate, c.minutesOff, c.atMs]).to.deep.equal(['night', 'morning', '2027-03-05', 10, instantMs('2027-03-06T08:00:00+08:00')]);
    const d = nearestShiftChange(table, instantMs('2027-03-05T17:50:00+08:00'));
    expect([d.from.name, d.to.name, d.fromDate, d.minutesOff]).to.deep.equal(['afternoon', 'night', '2027-03-05', -10]);
  });

  it('refuses tables that do not tile the day', () => {
    expect(() => parseShifts('a=08:00-12:00,b=12:00-08:00,c=08:00-09:00')).to.throw(/1440|start/);
    expect(() => parseShifts('a=08:00-12:00,b=13:00-08:00')).to.throw(/1440|start/);
    expect(() => parseShifts('a=08:00-12:00,a=12:00-08:00')).to.throw(/same name/);
    expect(() => parseShifts('a=25:00-12:00,b=12:00-25:00')).to.throw(/HH:MM|not a time/);
    expect(parseShifts('day=08:00-20:00,night=20:00-08:00')).to.have.length(2);
  });
});
