/**
 * The console's calendar loader reads what staff paste or upload into the two lists the API
 * takes (pure table tests; the browser walk loads a year through the page).
 */
import { expect } from 'chai';
import { datesIn, readCalendarFile } from '../../console/src/calendar-file';

describe('the console’s calendar file reader', () => {
  it('finds every date in pasted text, whatever separates them', () => {
    const cases: Array<[string, string[]]> = [
      ['2027-01-01\n2027-10-01', ['2027-01-01', '2027-10-01']],
      ['2027-01-01, 2027-01-02，2027-01-03 2027-01-04', ['2027-01-01', '2027-01-02', '2027-01-03', '2027-01-04']],
      ['元旦 2027-01-01；春节 2027-02-06', ['2027-01-01', '2027-02-06']],
      ['', []],
      ['no dates here', []],
    ];
    for (const [text, dates] of cases) expect(datesIn(text), JSON.stringify(text)).to.deep.equal(dates);
  });

  it('reads JSON, and lines with a kind: workday / 上班 / 补班 are make-up working days, anything else a holiday', () => {
    const cases: Array<[string, { holidays: string[]; workdays: string[] }]> = [
      ['{"holidays": ["2027-01-01"], "workdays": ["2027-02-14"]}', { holidays: ['2027-01-01'], workdays: ['2027-02-14'] }],
      ['{"holidays": ["2027-01-01", 5]}', { holidays: ['2027-01-01'], workdays: [] }],
      ['date,kind\n2027-10-01,holiday\n2027-09-26,workday\r\n2027-10-09,WORKDAY', { holidays: ['2027-10-01'], workdays: ['2027-09-26', '2027-10-09'] }],
      ['2027-10-01 国庆节\n2027-09-26 周日 上班\n2027-10-07 调休放假\n2027-10-09 补班', { holidays: ['2027-10-01', '2027-10-07'], workdays: ['2027-09-26', '2027-10-09'] }],
      ['\n\n', { holidays: [], workdays: [] }],
    ];
    for (const [text, lists] of cases) expect(readCalendarFile(text), JSON.stringify(text)).to.deep.equal(lists);
  });

  it('a file that starts like JSON but is not throws (the page shows the file name and the reason)', () => {
    expect(() => readCalendarFile('{"holidays": [')).to.throw();
  });
});
