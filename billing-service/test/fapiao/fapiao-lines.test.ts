/**
 * A bill's fapiao adds up to the bill, as the tax platform will compute it: amounts excluding
 * tax sum to the taxable base − tax, and the tax the platform computes from 金额 and 税率 (its
 * own per-line rounding) is the bill's tax, to the fen. Deposits never appear.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import type { InvoiceLine, LineCode } from '@seatlease/shared';
import { draftFapiao, platformLine, taxableBaseFen, vatInGross, NON_REVENUE_CODES } from '../../src/fapiao/fapiao-lines';
import { DEFAULT_TAX_CODE, fapiaoItems } from '../../src/fapiao/fapiao-items';

const items = fapiaoItems({ SEATLEASE_FAPIAO_TAX_CODES: {} });

function line(code: LineCode, amountFen: number, quantity = 1): InvoiceLine {
  return { code, description: code, quantity, unitAmountFen: Math.round(amountFen / quantity), amountFen, period: '2027-04', clause: '§', formula: '', ref: `${code}:${amountFen}` };
}

/** Recomputes a draft exactly as the platform will, from what the export writes. */
function asPlatform(d: NonNullable<ReturnType<typeof draftFapiao>>) {
  const per = d.lines.map((l) => platformLine(l.amountFen, d.vatRateBp, d.taxInclusive));
  return { net: per.reduce((s, p) => s + p.netFen, 0), tax: per.reduce((s, p) => s + p.taxFen, 0) };
}

describe('draftFapiao: the fapiao lines of a bill', () => {
  it('an opening bill (deposit + first month): only the rent, 6% inside it', () => {
    const d = draftFapiao([line('deposit', 2_000_000, 10), line('rent', 2_000_000, 10)], 600, items)!;
    expect(d).to.deep.include({ taxInclusive: true, grossFen: 2_000_000, taxFen: 113_208, netFen: 1_886_792 });
    expect(d.lines).to.deep.equal([{ name: '坐席租赁服务', taxCode: DEFAULT_TAX_CODE, quantity: 10, amountFen: 2_000_000, netFen: 1_886_792, taxFen: 113_208, grossFen: 2_000_000 }]);
  });

  it('rent and phone charges as two items; an outage credit is the rent item’s discount', () => {
    const d = draftFapiao([line('rent', 2_000_000, 10), line('outage_credit', -13_333), line('phone_usage', 12_345, 823), line('deposit_topup', 400_000, 2)], 600, items)!;
    expect(d.lines.map((l) => [l.name, l.grossFen, l.quantity])).to.deep.equal([['坐席租赁服务', 1_986_667, null], ['电话费', 12_345, 823]]);
    expect(d.grossFen).to.equal(1_999_012);
    expect(d.taxFen).to.equal(vatInGross(1_999_012, 600));
    expect(asPlatform(d)).to.deep.equal({ net: d.netFen, tax: d.taxFen });
  });

  it('moves a few fen of net between items when per-line rounding disagrees', () => {
    // Found by search: a ¥10.00 bill whose two items, each rounded inclusive, disagree with the
    // bill's one rounding.
    let found: ReturnType<typeof draftFapiao> = null;
    for (let a = 100; a < 400 && !found; a++) {
      const lines = [line('rent', a), line('phone_usage', 1_000 - a)];
      const inclusiveTax = vatInGross(a, 600) + vatInGross(1_000 - a, 600);
      if (inclusiveTax !== vatInGross(1_000, 600)) found = draftFapiao(lines, 600, items);
    }
    expect(found, 'some split disagrees inclusive').to.not.equal(null);
    expect(found!.taxInclusive).to.equal(false);
    expect(found!.taxFen).to.equal(vatInGross(1_000, 600));
    expect(asPlatform(found!)).to.deep.equal({ net: found!.netFen, tax: found!.taxFen });
  });

  it('no fapiao for a bill of deposits and credits only', () => {
    expect(draftFapiao([line('deposit_release', -400_000), line('credit_carried', 400_000)], 600, items)).to.equal(null);
    expect(draftFapiao([line('deposit', 2_000_000)], 600, items)).to.equal(null);
    expect(draftFapiao([line('rent', 100_000), line('return_adjustment', -100_000)], 600, items)).to.equal(null);
  });

  it('takes the tax classification code per line code from the configuration', () => {
    const custom = fapiaoItems({ SEATLEASE_FAPIAO_TAX_CODES: { phone_usage: '3030200000000000000' } });
    const d = draftFapiao([line('rent', 2_000_000), line('phone_usage', 10_000)], 600, custom)!;
    expect(d.lines.map((l) => l.taxCode)).to.deep.equal([DEFAULT_TAX_CODE, '3030200000000000000']);
    expect(() => fapiaoItems({ SEATLEASE_FAPIAO_TAX_CODES: { deposit: DEFAULT_TAX_CODE } })).to.throw(/not a revenue line code/);
  });

  it('property: any bill at 6%, 9% or 13% — the platform’s own computation gives the bill’s net and tax exactly', () => {
    const codes: LineCode[] = ['rent', 'phone_usage', 'outage_credit', 'one_off', 'late_opening_penalty', 'deposit', 'deposit_topup', 'return_adjustment', 'termination_damages', 'credit_carried'];
    fc.assert(
      fc.property(
        fc.array(fc.record({ code: fc.constantFrom(...codes), amount: fc.integer({ min: 1, max: 50_000_000 }) }), { minLength: 1, maxLength: 8 }),
        fc.constantFrom(600, 900, 1300),
        (raw, rate) => {
          const lines = raw.map((r) => line(r.code, /credit|adjustment|penalty/.test(r.code) ? -Math.ceil(r.amount / 20) : r.amount));
          const base = taxableBaseFen(lines);
          const d = draftFapiao(lines, rate, items);
          if (base <= 0) return d === null;
          expect(d).to.not.equal(null);
          const tax = vatInGross(base, rate);
          expect(d!.grossFen).to.equal(base);
          expect(d!.taxFen).to.equal(tax);
          expect(d!.netFen).to.equal(base - tax);
          expect(asPlatform(d!)).to.deep.equal({ net: base - tax, tax });
          expect(d!.lines.every((l) => l.amountFen > 0)).to.equal(true);
          return true;
        },
      ),
      { numRuns: 2000, seed: 14 },
    );
  });

  it('names every deposit-like code as not revenue', () => {
    expect([...NON_REVENUE_CODES].sort()).to.deep.equal(['credit_carried', 'deposit', 'deposit_release', 'deposit_settlement', 'deposit_topup']);
  });
});
