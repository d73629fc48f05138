import { expect } from 'chai';
import fc from 'fast-check';
import { toChineseCapitalAmount } from '../src/chinese-amount';
import { InvariantError } from '../src/assert';

/** Reads a capital amount back to fen (test oracle for the round-trip property). */
function parseCapital(text: string): number {
  let s = text;
  let sign = 1;
  if (s.startsWith('负')) {
    sign = -1;
    s = s.slice(1);
  }
  expect(s.startsWith('人民币')).to.equal(true, text);
  s = s.slice(3);
  const digits = '零壹贰叁肆伍陆柒捌玖';
  const small: Record<string, number> = { 拾: 10, 佰: 100, 仟: 1000 };
  let yi = 0; // accumulated value of the part before 亿
  let wan = 0; // accumulated value of the part before 万 (within the current 亿 group)
  let sec = 0; // current 4-digit section
  let pending = 0; // last digit read
  let fen = 0;
  for (const ch of s) {
    const d = digits.indexOf(ch);
    if (d >= 0) {
      pending = d;
    } else if (ch in small) {
      sec += pending * (small[ch] ?? 0);
      pending = 0;
    } else if (ch === '万') {
      wan = (sec + pending) * 10_000;
      sec = 0;
      pending = 0;
    } else if (ch === '亿') {
      yi = (wan + sec + pending) * 100_000_000;
      wan = 0;
      sec = 0;
      pending = 0;
    } else if (ch === '元') {
      fen += (yi + wan + sec + pending) * 100;
      yi = wan = sec = pending = 0;
    } else if (ch === '角') {
      fen += pending * 10;
      pending = 0;
    } else if (ch === '分') {
      fen += pending;
      pending = 0;
    } else if (ch === '整') {
      // nothing
    } else {
      throw new Error(`unexpected ${ch} in ${text}`);
    }
  }
  return sign * fen;
}

// [fen, expected]
const CASES: Array<[number, string]> = [
  // the list
  [0, '人民币零元整'],
  [5, '人民币伍分'],
  [1000, '人民币壹拾元整'],
  [10000010, '人民币壹拾万元零壹角'],
  [100000000000, '人民币壹拾亿元整'],
  // SPEC §9 example
  [200000, '人民币贰仟元整'],
  // the examples in 中国人民银行「正确填写票据和结算凭证的基本规定」
  [140950, '人民币壹仟肆佰零玖元伍角'],
  [600714, '人民币陆仟零柒元壹角肆分'],
  [168032, '人民币壹仟陆佰捌拾元零叁角贰分'],
  [10700053, '人民币壹拾万柒仟元零伍角叁分'],
  [1640902, '人民币壹万陆仟肆佰零玖元零贰分'],
  [32504, '人民币叁佰贰拾伍元零肆分'],
  // cents and jiao only
  [1, '人民币壹分'],
  [10, '人民币壹角'],
  [50, '人民币伍角'],
  [55, '人民币伍角伍分'],
  [99, '人民币玖角玖分'],
  // whole yuan
  [100, '人民币壹元整'],
  [1005, '人民币壹拾元零伍分'],
  [1050, '人民币壹拾元零伍角'],
  [1100, '人民币壹拾壹元整'],
  [1900, '人民币壹拾玖元整'],
  [2000, '人民币贰拾元整'],
  [11000, '人民币壹佰壹拾元整'],
  [10100, '人民币壹佰零壹元整'],
  [100400, '人民币壹仟零肆元整'],
  [101000, '人民币壹仟零壹拾元整'],
  [110000, '人民币壹仟壹佰元整'],
  [1000050, '人民币壹万元零伍角'],
  [1000001, '人民币壹万元零壹分'],
  [1000100, '人民币壹万零壹元整'],
  [1001000, '人民币壹万零壹拾元整'],
  [1010000, '人民币壹万零壹佰元整'],
  [1100000, '人民币壹万壹仟元整'],
  [10100000, '人民币壹拾万壹仟元整'],
  [10010000, '人民币壹拾万零壹佰元整'],
  [10000100, '人民币壹拾万零壹元整'],
  [12345678, '人民币壹拾贰万叁仟肆佰伍拾陆元柒角捌分'],
  [100000000, '人民币壹佰万元整'],
  [101000000, '人民币壹佰零壹万元整'],
  [1000000000, '人民币壹仟万元整'],
  [1000100000, '人民币壹仟万壹仟元整'],
  [1000000100, '人民币壹仟万零壹元整'],
  [10000000000, '人民币壹亿元整'],
  [10001000000, '人民币壹亿零壹万元整'],
  [10010000000, '人民币壹亿零壹拾万元整'],
  [11000000000, '人民币壹亿壹仟万元整'],
  [10000000001, '人民币壹亿元零壹分'],
  [100000000010, '人民币壹拾亿元零壹角'],
  [123456789012, '人民币壹拾贰亿叁仟肆佰伍拾陆万柒仟捌佰玖拾元零壹角贰分'],
  [123456789112, '人民币壹拾贰亿叁仟肆佰伍拾陆万柒仟捌佰玖拾壹元壹角贰分'],
  [1000000000000000, '人民币壹拾万亿元整'],
  [1000010000000000, '人民币壹拾万零壹亿元整'],
  [1000000100000000, '人民币壹拾万亿零壹佰万元整'],
  [Number.MAX_SAFE_INTEGER, '人民币玖拾万零柒佰壹拾玖亿玖仟贰佰伍拾肆万柒仟肆佰零玖元玖角壹分'],
  // negatives (credit notes)
  [-1000, '负人民币壹拾元整'],
  [-5, '负人民币伍分'],
  [-10000010, '负人民币壹拾万元零壹角'],
];

describe('toChineseCapitalAmount', () => {
  for (const [fen, expected] of CASES) {
    it(`${fen} fen → ${expected}`, () => {
      expect(toChineseCapitalAmount(fen)).to.equal(expected);
    });
  }

  it('treats -0 as zero', () => {
    expect(toChineseCapitalAmount(-0)).to.equal('人民币零元整');
  });

  it('rejects non-integers and unsafe integers', () => {
    expect(() => toChineseCapitalAmount(1.5)).to.throw(InvariantError);
    expect(() => toChineseCapitalAmount(Number.NaN)).to.throw(InvariantError);
    expect(() => toChineseCapitalAmount(Number.POSITIVE_INFINITY)).to.throw(InvariantError);
    expect(() => toChineseCapitalAmount(Number.MAX_SAFE_INTEGER + 1)).to.throw(InvariantError);
  });

  it('round-trips and follows the writing rules for any safe amount', () => {
    const amount = fc.oneof(
      fc.integer({ min: -1_000_000_00, max: 1_000_000_00 }),
      fc.maxSafeInteger(),
      fc.maxSafeInteger().map((n) => -n),
      // sparse digits: many zeros, the hard cases for 零
      fc
        .array(fc.constantFrom(0, 0, 0, 1, 5, 9), { minLength: 1, maxLength: 15 })
        .map((ds) => Number(ds.join(''))),
    );
    fc.assert(
      fc.property(amount, (fen) => {
        const text = toChineseCapitalAmount(fen);
        expect(parseCapital(text)).to.equal(fen === 0 ? 0 : fen, text);
        expect(text).to.match(/^负?人民币/);
        expect(text).not.to.include('零零');
        // 零 never right before a unit (else the unit is empty), nor at the end
        if (fen !== 0) expect(text).not.to.match(/零[拾佰仟万亿元角分整]/);
        expect(text).not.to.match(/零$/);
        // 整 exactly when the amount is whole yuan; never after 角 or 分
        expect(text.endsWith('整')).to.equal(fen % 100 === 0, text);
        expect(text).not.to.match(/[角分]整/);
        // 角 = 0 and 分 ≠ 0 with a yuan part → 元零…分
        const abs = Math.abs(fen);
        if (abs >= 100 && Math.floor(abs / 10) % 10 === 0 && abs % 10 !== 0) {
          expect(text).to.match(/元零[壹贰叁肆伍陆柒捌玖]分$/);
        }
        // 10–19 at the start of a group are 壹拾, never a bare 拾
        expect(text).not.to.match(/(^|人民币|[万亿零])拾/);
      }),
      { numRuns: 2000 },
    );
  });
});
