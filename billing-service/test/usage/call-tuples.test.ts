/**
 * The import rates calls in JavaScript and hands PostgreSQL binary values: here PostgreSQL
 * itself checks each stored call against the text it came from — the instant as it would
 * parse `startedAt` (offsets, fractions rounded to microseconds, years up to 2999), the
 * Asia/Shanghai month (China's summer times of 1986–1991 included) and the billable minutes
 * (§7: every started minute).
 */
import { Readable } from 'node:stream';
import { expect } from 'chai';
import fc from 'fast-check';
import type { BillingFacts } from '@seatlease/shared';
import { useBillingDatabase } from '../support/billing-database';
import { importCalls } from '../../src/usage/import-calls';
import { FactsBuilder } from '../engine/facts.builder';

const CONTRACT = '55555555-5555-4555-8555-555555555555';
/** Live around every instant a call may have (years 1970–2999 as written, any offset). */
const ALWAYS: BillingFacts = { ...new FactsBuilder().seats('o1', 1, '1969-12-31').facts, contractId: CONTRACT, endDate: '3000-01-01' };

const two = (n: number) => String(n).padStart(2, '0');

/** Instants as a switch may write them: any offset, seconds or not, a fraction of 1–9 digits. */
const instant = fc
  .tuple(
    fc.oneof(fc.integer({ min: 1970, max: 2999 }), fc.integer({ min: 1985, max: 1993 })),
    fc.integer({ min: 1, max: 12 }),
    fc.integer({ min: 1, max: 28 }),
    fc.oneof(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 23)),
    fc.integer({ min: 0, max: 59 }),
    fc.option(fc.integer({ min: 0, max: 59 })),
    fc.option(fc.stringMatching(/^[0-9]{1,9}$/)),
    fc.oneof(fc.constant('Z'), fc.tuple(fc.constantFrom('+', '-'), fc.integer({ min: 0, max: 14 }), fc.integer({ min: 0, max: 59 })).map(([s, h, m]) => `${s}${two(h)}:${two(m)}`)),
  )
  .map(([y, mo, d, h, mi, s, f, z]) => `${y}-${two(mo)}-${two(d)}T${two(h)}:${two(mi)}${s === null ? '' : `:${two(s)}${f === null ? '' : `.${f}`}`}${z}`);

describe('usage: calls rated in JavaScript are what PostgreSQL would have computed', function () {
  const suite = useBillingDatabase('usage_tuples');

  it('stores the instant, month and billable minutes PostgreSQL computes from the same text', async () => {
    const fixed = [
      '2027-03-31T23:59:59.9999996+08:00', // rounds up into April in Shanghai
      '2027-03-31T16:00:00Z',
      '1970-01-01T00:00:00.1234565-05:30',
      '1986-05-31T15:30:00Z', // 00:30 on 1 June under the summer time of 1986, 23:30 on 31 May without it
      '1991-09-30T15:30:00Z',
      '1991-12-31T16:00:00Z',
      '2255-06-01T00:00:00.000001Z', // beyond exact doubles of microseconds since 2000
      '2999-12-31T23:59:59.999999999-14:00',
    ];
    const startedAts = [...fixed, ...fc.sample(instant, { numRuns: 3000, seed: 20270301 })];
    // The seat holds the text the call came from, so that SQL can read it again.
    const csv = ['id,seat,startedAt,durationSeconds,callType', ...startedAts.map((s, i) => `T${i},${s},${s},${(i * 37) % 86_401},local`)].join('\n');
    const summary = await importCalls(suite.knex, Readable.from([csv]), {
      format: 'csv',
      defaultContractId: CONTRACT,
      factsOf: async () => ALWAYS,
      nowMs: Date.parse('2027-06-01T08:00:00.123Z'),
      chunkCalls: 1000,
    });
    expect(summary.rejected).to.deep.equal([]);
    expect(summary).to.include({ rows: startedAts.length, accepted: startedAts.length, rejectedTotal: 0 });
    const wrong = await suite.knex('calls')
      .whereRaw(`started_at <> seat::timestamptz`)
      .orWhereRaw(`month <> to_char(seat::timestamptz at time zone 'Asia/Shanghai', 'YYYY-MM')`)
      .orWhereRaw(`billable_minutes <> (duration_seconds + 59) / 60`)
      .orWhereRaw(`imported_at <> '2027-06-01T08:00:00.123Z'::timestamptz`)
      .orWhereRaw(`contract_id <> ?::uuid`, [CONTRACT])
      .select('id', 'seat', suite.knex.raw(`started_at::text as stored`), 'month');
    expect(wrong).to.deep.equal([]);
    const dst = await suite.knex('calls').where({ seat: '1986-05-31T15:30:00Z' }).first('month');
    expect(dst.month).to.equal('1986-06');
  });
});
