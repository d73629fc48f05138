/**
 * The calendar a staff member loads is the calendar billing counts with: `date[]` columns come
 * back from PostgreSQL as ISO date strings (issue 14: they came back as JS Dates, stringified
 * to "Fri Mar 19 2027 …", and every loaded year was silently ignored).
 */
import { expect } from 'chai';
import { createLogger } from '@seatlease/shared';
import { CalendarStore } from '../../src/calendar/calendar.store';
import { useBillingDatabase } from '../support/billing-database';

describe('CalendarStore: a loaded year round-trips through PostgreSQL', () => {
  const suite = useBillingDatabase('calendar_store');

  it('reads back the holidays and make-up days as the ISO dates it stored, and counts with them', async () => {
    const store = new CalendarStore(suite.knex, createLogger('test', 'silent'));
    await store.put(2027, ['2027-03-19', '2027-10-01'], ['2027-03-13']);
    expect(await store.getYear(2027)).to.deep.equal({ year: 2027, holidays: ['2027-03-19', '2027-10-01'], workdays: ['2027-03-13'] });
    const raw = await suite.knex('calendar_overrides').where({ year: 2027 }).first();
    expect(raw.holidays).to.deep.equal(['2027-03-19', '2027-10-01']);

    // A fresh store (another replica) reads the same calendar from the database.
    const calendar = await new CalendarStore(suite.knex, createLogger('test', 'silent')).get();
    expect(calendar.source(2027)).to.equal('override');
    expect(calendar.isWorkday('2027-03-19')).to.equal(false); // a Friday, loaded as a holiday
    expect(calendar.isWorkday('2027-03-13')).to.equal(true); // a Saturday, loaded as a make-up day
    expect(calendar.workdaysBefore('2027-03-22', 3)).to.equal('2027-03-16');
  });

  it('reads an empty list of make-up days as an empty list', async () => {
    const store = new CalendarStore(suite.knex, createLogger('test', 'silent'));
    await store.put(2028, ['2028-01-03'], []);
    expect(await store.getYear(2028)).to.deep.equal({ year: 2028, holidays: ['2028-01-03'], workdays: [] });
  });
});
