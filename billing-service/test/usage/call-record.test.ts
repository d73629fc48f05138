/** Call records: row checks, the CSV header, COPY text and the live period (pure). */
import { expect } from 'chai';
import fc from 'fast-check';
import { isInstant } from '@seatlease/shared';
import {
  billableMinutes,
  CallChecker,
  CallInstant,
  readCallInstant,
  readHeader,
  type CallColumn,
  type CheckOptions,
  type HeaderMap,
} from '../../src/usage/call-record';
import { livePeriodOf } from '../../src/usage/live-period';
import type { CallType } from '@seatlease/shared/src/billing-facts';
import { FactsBuilder } from '../engine/facts.builder';

/** A row as it arrives: CSV gives strings (absent column → undefined), JSON gives any value. */
type RawCall = Partial<Record<CallColumn, unknown>>;

type CallCheck =
  | { ok: true; call: { row: number; id: string; contractId: string; seat: string; startedAt: string; durationSeconds: number; callType: CallType } }
  | { ok: false; message: string };

/** One row through a fresh CallChecker, as the import checks each row. */
function checkCall(raw: RawCall, row: number, options: CheckOptions): CallCheck {
  const c = new CallChecker(options);
  const message = c.check(raw.id, raw.seat, raw.startedAt, raw.durationSeconds, raw.callType, raw.contractId);
  if (message !== null) return { ok: false, message };
  return {
    ok: true,
    call: { row, id: c.id, contractId: c.contractId, seat: c.seat, startedAt: raw.startedAt as string, durationSeconds: c.durationSeconds, callType: c.callType },
  };
}

/** A CSV record as a raw call, by the header's column positions. */
function rawFromFields(fields: readonly string[], header: HeaderMap): RawCall {
  const at = (c: CallColumn) => (header.index[c] === -1 ? undefined : fields[header.index[c]]);
  return { id: at('id'), seat: at('seat'), startedAt: at('startedAt'), durationSeconds: at('durationSeconds'), callType: at('callType'), contractId: at('contractId') };
}

const isCallInstant = (value: string) => readCallInstant(value, new CallInstant());

const CONTRACT = '3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f';
const good: RawCall = { id: 'CDR-1', seat: 'S-001', startedAt: '2027-03-15T09:00:00+08:00', durationSeconds: '61', callType: 'local' };
const csv = { defaultContractId: CONTRACT, textFields: true };

describe('usage: one call record', () => {
  it('rates every started minute: 0 s → 0, 1 s → 1, 60 s → 1, 61 s → 2 (§7 不足一分钟按一分钟)', () => {
    expect([0, 1, 59, 60, 61, 119, 120, 121, 86_400].map(billableMinutes)).to.deep.equal([0, 1, 1, 1, 2, 2, 2, 3, 1440]);
  });

  it('accepts a good row and takes the contract from the query when the row names none', () => {
    const r = checkCall(good, 7, csv);
    expect(r).to.deep.equal({
      ok: true,
      call: { row: 7, id: 'CDR-1', contractId: CONTRACT, seat: 'S-001', startedAt: '2027-03-15T09:00:00+08:00', durationSeconds: 61, callType: 'local' },
    });
    const own = checkCall({ ...good, contractId: CONTRACT.toUpperCase() }, 1, { defaultContractId: null, textFields: true });
    expect(own.ok && own.call.contractId).to.equal(CONTRACT);
  });

  it('names each failing field, in column order, in one message', () => {
    const table: Array<[RawCall, string]> = [
      [{ ...good, id: '' }, 'id must not be empty'],
      [{ ...good, id: '   ' }, 'id must not be empty'],
      [{ ...good, id: 'x'.repeat(129) }, 'id must be at most 128 characters'],
      [{ ...good, id: 'a\tb' }, 'id must not contain control characters'],
      [{ ...good, seat: undefined }, 'seat must not be empty'],
      [{ ...good, startedAt: '2027-03-15 09:00:00' }, 'startedAt must be an ISO 8601 instant with an offset'],
      [{ ...good, startedAt: '2027-03-15T09:00:00' }, 'startedAt must be an ISO 8601 instant with an offset'],
      [{ ...good, startedAt: '2027-02-29T09:00:00+08:00' }, 'startedAt must be an ISO 8601 instant with an offset'],
      [{ ...good, durationSeconds: '-1' }, 'durationSeconds must be a whole number of seconds from 0 to 86400'],
      [{ ...good, durationSeconds: '1.5' }, 'durationSeconds must be a whole number'],
      [{ ...good, durationSeconds: '86401' }, 'durationSeconds must be a whole number'],
      [{ ...good, durationSeconds: '' }, 'durationSeconds must be a whole number'],
      [{ ...good, callType: 'international' }, 'callType must be one of local, domestic, mobile'],
      [{ ...good, callType: 'LOCAL' }, 'callType must be one of local, domestic, mobile'],
      [{ ...good, contractId: 'c-42' }, 'contractId must be a contract id (UUID)'],
    ];
    for (const [raw, message] of table) {
      const r = checkCall(raw, 1, csv);
      expect(r.ok, JSON.stringify(raw)).to.equal(false);
      if (!r.ok) expect(r.message).to.include(message);
    }
    const many = checkCall({ id: '', seat: 'S', startedAt: 'yesterday', durationSeconds: '-5', callType: 'fax' }, 3, csv);
    expect(many).to.deep.equal({
      ok: false,
      message:
        'id must not be empty; startedAt must be an ISO 8601 instant with an offset, e.g. 2027-05-03T10:00:00+08:00; ' +
        'durationSeconds must be a whole number of seconds from 0 to 86400; callType must be one of local, domestic, mobile',
    });
    const none = checkCall(good, 1, { defaultContractId: null, textFields: true });
    expect(none).to.deep.equal({ ok: false, message: 'contractId is required: give a contractId column or ?contractId=' });
  });

  it('JSON rows need real numbers; CSV rows give digits', () => {
    const json = { defaultContractId: CONTRACT, textFields: false };
    expect(checkCall({ ...good, durationSeconds: 61 }, 1, json).ok).to.equal(true);
    expect(checkCall({ ...good, durationSeconds: '61' }, 1, json).ok).to.equal(false);
    expect(checkCall({ ...good, durationSeconds: 1.5 }, 1, json).ok).to.equal(false);
    expect(checkCall({ ...good, id: 42 }, 1, json).ok).to.equal(false);
    expect(checkCall({ ...good, durationSeconds: 61 }, 1, csv).ok).to.equal(false);
  });

  it('reads instants field by field, never more loosely than shared isInstant', () => {
    for (const ok of ['2027-03-15T09:00:00+08:00', '2027-03-15T01:00Z', '2028-02-29T23:59:59.123456789-05:30', '2027-12-31T16:00:00Z']) {
      expect(isCallInstant(ok), ok).to.equal(true);
    }
    for (const bad of ['2027-02-29T09:00:00+08:00', '2027-13-01T00:00Z', '2027-04-31T00:00Z', '2027-03-15T24:00:00Z', '2027-03-15T09:60Z', '2027-03-15T09:00:60Z', '2027-03-15T09:00+15:00', '1969-12-31T23:59:59Z', '2027-03-15T09:00:00', '2027-03-15', '']) {
      expect(isCallInstant(bad), bad).to.equal(false);
    }
    const digits = (n: number, max: number) => fc.integer({ min: 0, max }).map((v) => String(v).padStart(n, '0'));
    const candidate = fc
      .tuple(digits(4, 3100), digits(2, 14), digits(2, 33), digits(2, 25), digits(2, 61), fc.option(digits(2, 61)), fc.constantFrom('Z', '+08:00', '-14:00', '+14:59', '+15:00', '-00:00'))
      .map(([y, mo, d, h, mi, s, z]) => `${y}-${mo}-${d}T${h}:${mi}${s === null ? '' : `:${s}`}${z}`);
    fc.assert(fc.property(candidate, (s) => !isCallInstant(s) || isInstant(s)), { numRuns: 5000 });
  });

  it('reads the header in any column order, with or without contractId; refuses a bad one', () => {
    const h = readHeader(['callType', 'id', 'startedAt', 'durationSeconds', 'seat', 'contractId']);
    expect(h.ok).to.equal(true);
    if (h.ok) {
      expect(rawFromFields(['mobile', 'X', '2027-03-15T09:00Z', '5', 'S1', ''], h.header)).to.deep.equal({
        id: 'X', seat: 'S1', startedAt: '2027-03-15T09:00Z', durationSeconds: '5', callType: 'mobile', contractId: '',
      });
    }
    const missing = readHeader(['id', 'seat', 'startedAt', 'duration', 'callType']);
    expect(missing.ok === false && missing.message).to.equal(
      'the CSV header must be id,seat,startedAt,durationSeconds,callType[,contractId] (missing durationSeconds; unknown duration)',
    );
    const twice = readHeader(['id', 'seat', 'startedAt', 'durationSeconds', 'callType', 'id']);
    expect(twice.ok === false && twice.message).to.equal('the CSV header names id twice');
  });

  it('reads the instant PostgreSQL stores: seconds since 1970, the fraction rounded to microseconds half to even', () => {
    const read = (value: string) => {
      const out = new CallInstant();
      expect(readCallInstant(value, out), value).to.equal(true);
      return [out.seconds, out.micros, out.epochMs];
    };
    expect(read('2027-03-15T09:00:00+08:00')).to.deep.equal([Date.parse('2027-03-15T01:00:00Z') / 1000, 0, Date.parse('2027-03-15T01:00:00Z')]);
    expect(read('2027-03-15T09:00Z')).to.deep.equal([Date.parse('2027-03-15T09:00:00Z') / 1000, 0, Date.parse('2027-03-15T09:00:00Z')]);
    expect(read('1970-01-01T00:00:00.1234565-05:30')[1]).to.equal(123456);
    expect(read('1970-01-01T00:00:00.0000005Z')[1]).to.equal(0);
    expect(read('1970-01-01T00:00:00.0000015Z')[1]).to.equal(2);
    // A fraction that rounds up to a whole second carries into the next one (and month).
    expect(read('2027-03-31T23:59:59.9999996+08:00')).to.deep.equal([Date.parse('2027-03-31T16:00:00Z') / 1000, 0, Date.parse('2027-03-31T16:00:00Z')]);
    expect(read('2999-12-31T23:59:59.999Z')[2]).to.equal(Date.parse('2999-12-31T23:59:59.999Z'));
    for (const bad of ['2027-03-15T09:00:00.Z', '2027-03-15T09:00:00.1234567890Z', '2027-03-15t09:00:00Z', '2027-03-15T09:00:00z', '2027-03-15T09:00:00+0800', '２０２７-03-15T09:00Z']) {
      expect(isCallInstant(bad), bad).to.equal(false);
    }
  });

  it('accepts exactly the instants the regular expression it replaced accepted', () => {
    const parts = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;
    const days = (y: number, m: number) => (m === 2 ? ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31);
    const before = (value: string) => {
      const m = parts.exec(value);
      if (!m) return false;
      const [y, mo, d, h, mi] = [1, 2, 3, 4, 5].map((i) => Number(m[i])) as [number, number, number, number, number];
      if (y < 1970 || y > 2999 || mo < 1 || mo > 12 || d < 1 || d > days(y, mo) || h > 23 || mi > 59) return false;
      if (m[6] !== undefined && Number(m[6]) > 59) return false;
      return !(m[7] !== undefined && (Number(m[7]) > 14 || Number(m[8]) > 59));
    };
    const digits = (n: number, max: number) => fc.integer({ min: 0, max }).map((v) => String(v).padStart(n, '0'));
    const noise = fc.constantFrom('', 'x', '0', ' ', '.', ':', '-', '+', 'Z', 'T');
    const candidate = fc
      .tuple(digits(4, 3100), digits(2, 14), digits(2, 33), digits(2, 25), digits(2, 61), fc.option(digits(2, 61)), fc.option(fc.string({ unit: fc.constantFrom('0', '5', '9', 'a'), maxLength: 11 })), fc.constantFrom('Z', '+08:00', '-14:00', '+14:59', '+15:00', '-00:00', '+8:00', ''), noise, fc.nat(30))
      .map(([y, mo, d, h, mi, s, f, z, extra, at]) => {
        const v = `${y}-${mo}-${d}T${h}:${mi}${s === null ? '' : `:${s}`}${s !== null && f !== null ? `.${f}` : ''}${z}`;
        return v.slice(0, at) + extra + v.slice(at);
      });
    fc.assert(fc.property(candidate, (v) => isCallInstant(v) === before(v)), { numRuns: 20_000 });
  });

  it('one checker serves every row: a good row after a bad one is read whole, nothing of the bad one kept', () => {
    const checker = new CallChecker(csv);
    expect(checker.check('B1', '', 'soon', '1', 'local', undefined)).to.equal('seat must not be empty; startedAt must be an ISO 8601 instant with an offset, e.g. 2027-05-03T10:00:00+08:00');
    expect(checker.check('G1', 'S-9', '2027-03-15T09:00:00+08:00', '0', 'mobile', CONTRACT.toUpperCase())).to.equal(null);
    expect([checker.id, checker.seat, checker.durationSeconds, checker.callType, checker.contractId, checker.startedAt.epochMs]).to.deep.equal([
      'G1', 'S-9', 0, 'mobile', CONTRACT, Date.parse('2027-03-15T01:00:00Z'),
    ]);
  });
});

describe('usage: when a contract can have calls', () => {
  it('from the first opened seat to the end of the term, as Asia/Shanghai days', () => {
    const f = new FactsBuilder({ startMonth: '2027-03', termMonths: 12 }).seats('o1', 2, '2027-03-15').seats('o2', 1, '2027-05-02').facts;
    const l = livePeriodOf(f);
    expect(l.live).to.equal(true);
    if (!l.live) return;
    expect(l.period).to.include({ firstDay: '2027-03-15', lastDay: '2028-02-29' });
    expect(new Date(l.period.fromMs).toISOString()).to.equal('2027-03-14T16:00:00.000Z');
    expect(new Date(l.period.untilMs).toISOString()).to.equal('2028-02-29T16:00:00.000Z');
  });

  it('ends on the termination’s last day of service; forecast seats are not live', () => {
    const f = new FactsBuilder().seats('o1', 2, '2027-03-15').facts;
    f.termination = { id: 't', kind: 'mutual', noticeDate: '2027-05-01', effectiveDate: '2027-06-20', reason: null, seatsLiveAtNotice: 2, monthlyFeeAtNoticeFen: 200000, termMonthsAtNotice: 12 };
    const l = livePeriodOf(f);
    expect(l.live && l.period.lastDay).to.equal('2027-06-20');
    const pending = new FactsBuilder().seats('o1', 2, '2027-03-15', { forecast: true }).facts;
    pending.status = 'pending_opening';
    const p = livePeriodOf(pending);
    expect(p.live).to.equal(false);
    expect(!p.live && p.reason).to.match(/has no opened seats yet \(status pending_opening\)/);
  });
});
