/** Call records: row checks, the CSV header, COPY text and the live period (pure). */
import { expect } from 'chai';
import fc from 'fast-check';
import { isInstant } from '@seatlease/shared';
import {
  billableMinutes,
  checkCall,
  copyLine,
  isCallInstant,
  rawFromFields,
  readHeader,
  type RawCall,
} from '../../src/usage/call-record';
import { livePeriodOf } from '../../src/usage/live-period';
import { FactsBuilder } from '../engine/facts.builder';

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

  it('writes COPY text with backslashes escaped', () => {
    const r = checkCall({ ...good, id: 'A\\B', seat: '坐席\\7' }, 9, csv);
    expect(r.ok && copyLine(r.call)).to.equal(`9\tA\\\\B\t${CONTRACT}\t坐席\\\\7\t2027-03-15T09:00:00+08:00\t61\tlocal\n`);
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
