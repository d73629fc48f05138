/**
 * Property tests (fast-check) over random but valid contracts, billed month by month the way
 * billing-service does, with the facts changing once along the way (seats opening late,
 * returns, …).
 */
import { expect } from 'chai';
import fc from 'fast-check';
import type { BillingFacts, CallUsage, InvoiceKind, InvoiceLine, SeatSpan } from '@seatlease/shared/src/billing-facts';
import {
  addDays,
  addMonths,
  firstDayOfMonth,
  lastDayOfMonth,
  minDate,
  monthOf,
  monthRange,
  shanghaiMidnightMs,
  toShanghaiIso,
  type IsoDate,
  type Month,
} from '@seatlease/shared/src/dates';
import { computeInvoice, sumLines } from '../../src/engine';
import { contract } from './facts.builder';

const MINUTE_MS = 60_000;

const arbSpans = fc.array(
  fc.record({
    quantity: fc.integer({ min: 1, max: 15 }),
    fromOffset: fc.integer({ min: 0, max: 420 }),
    length: fc.option(fc.integer({ min: 0, max: 200 }), { nil: null }),
    forecast: fc.boolean(),
  }),
  { minLength: 1, maxLength: 4 },
);

const arbInterval = (maxDays: number) =>
  fc.record({ startMinute: fc.integer({ min: 0, max: 200 * 1440 }), seconds: fc.integer({ min: 0, max: maxDays * 86400 }) });

const arbScenario = fc.record({
  startOffset: fc.integer({ min: 0, max: 11 }),
  termMonths: fc.integer({ min: 2, max: 14 }),
  seatFeeFen: fc.integer({ min: 1, max: 300000 }),
  circuitFeeFen: fc.integer({ min: 0, max: 5000 }),
  priceChange: fc.option(fc.record({ offset: fc.integer({ min: 1, max: 13 }), seatFeeFen: fc.integer({ min: 1, max: 400000 }) }), { nil: null }),
  restoreWindowHours: fc.constantFrom(0, 0, 2, 24),
  spansBefore: arbSpans,
  spansAfter: arbSpans,
  switchAt: fc.integer({ min: 0, max: 15 }),
  outages: fc.array(
    fc.record({ at: arbInterval(20), seats: fc.integer({ min: 0, max: 20 }), cause: fc.constantFrom('provider', 'maintenance', 'tenant') as fc.Arbitrary<'provider' | 'maintenance' | 'tenant'> }),
    { maxLength: 8 },
  ),
  forceMajeure: fc.array(fc.record({ at: arbInterval(40), honoured: fc.boolean() }), { maxLength: 2 }),
  suspension: fc.option(fc.record({ fromOffset: fc.integer({ min: 0, max: 420 }), length: fc.option(fc.integer({ min: 0, max: 20 }), { nil: null }) }), { nil: null }),
  oneOffs: fc.array(fc.record({ amountFen: fc.integer({ min: -300000, max: 300000 }), offset: fc.integer({ min: 0, max: 420 }) }), { maxLength: 2 }),
  lateOrders: fc.array(
    fc.record({ quantity: fc.integer({ min: 1, max: 6 }), offset: fc.integer({ min: 0, max: 420 }), daysLate: fc.integer({ min: 0, max: 12 }), excused: fc.boolean() }),
    { maxLength: 2 },
  ),
  termination: fc.option(
    fc.record({
      kind: fc.constantFrom('mutual', 'tenant_breach', 'provider_breach', 'for_cause') as fc.Arbitrary<'mutual' | 'tenant_breach' | 'provider_breach' | 'for_cause'>,
      offset: fc.integer({ min: 0, max: 420 }),
      seats: fc.integer({ min: 0, max: 30 }),
    }),
    { nil: null },
  ),
  usage: fc.array(
    fc.record({
      monthOffset: fc.integer({ min: 0, max: 14 }),
      callType: fc.constantFrom('local', 'domestic', 'mobile') as fc.Arbitrary<'local' | 'domestic' | 'mobile'>,
      calls: fc.integer({ min: 0, max: 500 }),
      minutes: fc.integer({ min: 0, max: 5000 }),
    }),
    { maxLength: 4 },
  ),
});
type Scenario = typeof arbScenario extends fc.Arbitrary<infer T> ? T : never;

interface Run {
  facts: BillingFacts;
  period: Month;
  kind: InvoiceKind;
  issuedOn: IsoDate;
}

/** The scenario as facts (two versions) and the invoices billing-service would issue. */
function plan(s: Scenario): Run[] {
  const startMonth = addMonths('2027-01', s.startOffset);
  const base = contract({ startMonth, termMonths: s.termMonths, seatFeeFen: s.seatFeeFen, circuitFeeFen: s.circuitFeeFen, restoreWindowHours: s.restoreWindowHours });
  const f = base.facts;
  const day0 = firstDayOfMonth(startMonth);
  const within = (offset: number): IsoDate => minDate(addDays(day0, offset), f.endDate);
  const instant = (minute: number, plusSeconds = 0) => toShanghaiIso(shanghaiMidnightMs(day0) + minute * MINUTE_MS + plusSeconds * 1000);

  if (s.priceChange && s.priceChange.offset < s.termMonths) base.price(addMonths(startMonth, s.priceChange.offset), s.priceChange.seatFeeFen);
  for (const [i, o] of s.outages.entries()) base.outage(`out${i}`, instant(o.at.startMinute), instant(o.at.startMinute, o.at.seconds), o.seats, o.cause);
  for (const [i, e] of s.forceMajeure.entries()) base.forceMajeure(`fm${i}`, instant(e.at.startMinute), instant(e.at.startMinute, e.at.seconds), e.honoured);
  if (s.suspension) {
    const from = within(s.suspension.fromOffset);
    base.suspended(from, s.suspension.length === null ? null : addDays(from, s.suspension.length));
  }
  for (const [i, c] of s.oneOffs.entries()) base.oneOff(`x${i}`, c.amountFen, within(c.offset), i % 2 ? '§8.B3' : null);
  for (const [i, o] of s.lateOrders.entries()) {
    const openedOn = within(o.offset);
    f.seatOrders.push({ id: `late${i}`, kind: 'add', quantity: o.quantity, effectiveDate: addDays(openedOn, -o.daysLate), status: 'opened', openedOn, excused: o.excused, daysLate: o.daysLate, initial: false });
  }
  if (s.termination) {
    base.terminate(s.termination.kind, within(s.termination.offset), { seats: s.termination.seats, feeFen: s.seatFeeFen + s.circuitFeeFen });
  }
  f.seatOrders.push({ id: 'init', kind: 'add', quantity: s.spansBefore[0]!.quantity, effectiveDate: day0, status: 'opened', openedOn: day0, excused: false, daysLate: 0, initial: true });

  const spans = (list: Scenario['spansBefore']): SeatSpan[] =>
    list.map((sp, i) => {
      const liveFrom = within(sp.fromOffset);
      return { orderId: `s${i}`, quantity: sp.quantity, liveFrom, liveTo: sp.length === null ? null : addDays(liveFrom, sp.length), forecast: sp.forecast };
    });
  const before: BillingFacts = { ...structuredClone(f), seatSpans: spans(s.spansBefore) };
  const after: BillingFacts = { ...structuredClone(f), seatSpans: spans(s.spansAfter) };

  const lastDay = f.termination ? minDate(f.termination.effectiveDate, f.endDate) : f.endDate;
  const lastMonth = monthOf(lastDay);
  const runs: Run[] = [{ facts: before, period: startMonth, kind: 'opening', issuedOn: f.signedOn }];
  for (const period of monthRange(addMonths(startMonth, 1), lastMonth)) {
    runs.push({ facts: runs.length >= s.switchAt ? after : before, period, kind: 'monthly', issuedOn: `${addMonths(period, -1)}-10` });
  }
  runs.push({ facts: after, period: lastMonth, kind: 'final', issuedOn: addDays(lastDay, 1) });
  return runs;
}

function usageOf(s: Scenario, startMonth: Month): CallUsage[] {
  return s.usage.map((u) => ({ month: addMonths(startMonth, u.monthOffset), callType: u.callType, calls: u.calls, minutes: u.minutes }));
}

const CREDIT_CODES = new Set(['outage_credit', 'force_majeure_credit']);
const RENT_CODES = new Set(['rent', 'return_adjustment']);

const stats = new Map<string, number>();

describe('engine: properties (fast-check)', function () {
  this.timeout(20000);
  after(() => {
    if (process.env.ENGINE_STATS) console.log(Object.fromEntries([...stats].sort()));
  });

  it('amounts are safe integers, totals are sums of lines, re-runs emit nothing, credits never exceed the seat-month', () => {
    fc.assert(
      fc.property(arbScenario, (s) => {
        const runs = plan(s);
        const usage = usageOf(s, runs[0]!.period);
        let billed: InvoiceLine[] = [];
        let creditBalanceFen = 0;
        for (const run of runs) {
          const input = { ...run, usage, alreadyBilled: billed, creditBalanceFen };
          const result = computeInvoice(input);
          for (const l of result.lines) {
            expect(Number.isSafeInteger(l.amountFen), l.ref).to.equal(true);
            expect(Number.isSafeInteger(l.unitAmountFen), l.ref).to.equal(true);
            expect(Number.isSafeInteger(l.quantity) && l.quantity >= 0, l.ref).to.equal(true);
            expect(l.amountFen, l.ref).to.not.equal(0);
            expect(l.description).to.match(/ \/ /);
          }
          expect(result.totalFen).to.equal(sumLines(result.lines));
          expect(result.totalFen).to.be.at.least(0);
          billed = [...billed, ...result.lines];
          creditBalanceFen += result.creditCarriedForwardFen - result.creditAppliedFen;
          expect(creditBalanceFen).to.be.at.least(0);

          const again = computeInvoice({ ...input, alreadyBilled: billed, creditBalanceFen });
          expect(again.lines, `re-run of ${run.kind} ${run.period}`).to.deep.equal([]);
        }

        // After the final invoice everything is reconciled to the last facts: per month, the
        // credits billed never exceed the rent billed.
        const months = new Set(billed.map((l) => l.period));
        for (const m of months) {
          const credits = -sumLines(billed.filter((l) => l.period === m && CREDIT_CODES.has(l.code)));
          const rent = sumLines(billed.filter((l) => l.period === m && RENT_CODES.has(l.code)));
          expect(credits, `credits of ${m}`).to.be.at.most(rent);
          expect(credits, `credits of ${m}`).to.be.at.least(0);
        }
        // Rent never reaches past the contract's last day.
        const last = runs[runs.length - 1]!;
        for (const l of billed) if (RENT_CODES.has(l.code)) expect(l.period <= lastDayOfMonth(last.period)).to.equal(true);
        if (process.env.ENGINE_STATS) for (const l of billed) {
          const tag = l.formula.includes('capped') ? ':capped' : l.formula.includes('整月免收') ? ':waived' : '';
          stats.set(l.code + tag, (stats.get(l.code + tag) ?? 0) + 1);
        }
      }),
      { numRuns: 150 },
    );
  });

  /** Bills the runs in order as billing-service does; answers every line billed. */
  function bill(runs: readonly Run[], usage: CallUsage[]): InvoiceLine[][] {
    let billed: InvoiceLine[] = [];
    let creditBalanceFen = 0;
    const out: InvoiceLine[][] = [];
    for (const run of runs) {
      const result = computeInvoice({ ...run, usage, alreadyBilled: billed, creditBalanceFen });
      billed = [...billed, ...result.lines];
      creditBalanceFen += result.creditCarriedForwardFen - result.creditAppliedFen;
      out.push(result.lines);
    }
    return out;
  }

  /** Net billed per reconciliation key (the deposit and credit moved depend on the path, not the facts). */
  function netByRef(invoices: readonly InvoiceLine[][]): Map<string, number> {
    const m = new Map<string, number>();
    for (const l of invoices.flat()) {
      if (l.ref === 'deposit' || l.ref.startsWith('credit:')) continue;
      m.set(l.ref, (m.get(l.ref) ?? 0) + l.amountFen);
    }
    for (const [k, v] of m) if (v === 0) m.delete(k);
    return m;
  }

  it('every outage and force-majeure record entered twice bills exactly what entering it once bills, to the fen (SPEC §5)', () => {
    fc.assert(
      fc.property(arbScenario, (s) => {
        const runs = plan(s);
        const usage = usageOf(s, runs[0]!.period);
        const twice = (f: BillingFacts): BillingFacts => ({
          ...f,
          outages: [...f.outages, ...f.outages.map((o) => ({ ...o, id: `${o.id}-again` }))],
          forceMajeure: [...f.forceMajeure, ...f.forceMajeure.map((e) => ({ ...e, id: `${e.id}-again` }))],
        });
        const once = bill(runs, usage);
        const doubled = bill(runs.map((r) => ({ ...r, facts: twice(r.facts) })), usage);
        expect(doubled).to.deep.equal(once);
      }),
      { numRuns: 150 },
    );
  });

  it('a record voided at a random point: the bills after it correct what it billed, citing it, and end where never entering it ends, to the fen', () => {
    const arbVoid = fc.record({ scenario: arbScenario, pick: fc.nat(), at: fc.nat() });
    fc.assert(
      fc.property(arbVoid, ({ scenario: s, pick, at }) => {
        const runs = plan(s);
        const usage = usageOf(s, runs[0]!.period);
        const f = runs[0]!.facts;
        const records = [
          ...f.outages.map((o) => ({ kind: 'outage' as const, id: o.id, from: o.startedAt, to: o.endedAt })),
          ...f.forceMajeure.map((e) => ({ kind: 'force_majeure' as const, id: e.id, from: e.startedAt, to: e.endedAt })),
          ...f.oneOffCharges.map((c) => ({ kind: 'one_off' as const, id: c.id, from: `${c.createdOn}T00:00:00+08:00`, to: `${c.createdOn}T00:00:00+08:00` })),
        ];
        if (records.length === 0) return;
        const victim = records[pick % records.length]!;
        const voidAt = at % runs.length;
        const without = (facts: BillingFacts, voidedOn: IsoDate | null): BillingFacts => ({
          ...facts,
          outages: facts.outages.filter((o) => o.id !== victim.id),
          forceMajeure: facts.forceMajeure.filter((e) => e.id !== victim.id),
          oneOffCharges: facts.oneOffCharges.filter((c) => c.id !== victim.id),
          ...(voidedOn === null
            ? {}
            : { voided: [{ kind: victim.kind, id: victim.id, voidedOn, reason: 'entered by mistake', fromMonth: monthOf(victim.from.slice(0, 10)), toMonth: monthOf(victim.to.slice(0, 10)) }] }),
        });
        const voidedRuns = runs.map((r, i) => (i < voidAt ? r : { ...r, facts: without(r.facts, r.issuedOn) }));
        const voided = bill(voidedRuns, usage);
        const never = bill(runs.map((r) => ({ ...r, facts: without(r.facts, null) })), usage);
        // Recompute and reconcile: after the final bill every key nets to what the facts without it owe.
        expect(netByRef(voided)).to.deep.equal(netByRef(never));
        // A one-off billed before its void is reversed on the next bill, by a line citing it.
        if (victim.kind === 'one_off') {
          const ref = `oneoff:${victim.id}`;
          const billedBefore = voided.slice(0, voidAt).flat().some((l) => l.ref === ref);
          const reversal = voided.slice(voidAt).flat().filter((l) => l.ref === ref);
          if (billedBefore) {
            expect(reversal, 'the reversing line').to.have.length(1);
            expect(reversal[0]!.formula).to.include(victim.id);
          } else {
            expect(reversal).to.deep.equal([]);
          }
        }
        // Every line after the void that corrects a key the record had touched cites it.
        for (const l of voided.slice(voidAt).flat()) {
          if (victim.kind === 'outage' && l.ref.startsWith('outage:') && l.formula.includes('作废')) expect(l.formula).to.include(victim.id);
        }
      }),
      { numRuns: 150 },
    );
  });
});
