/**
 * Amounts in Chinese capital numerals (大写金额), as printed on invoices next to the figures
 * (SPEC §9), following 中国人民银行《支付结算办法》附一「正确填写票据和结算凭证的基本规定」:
 *
 * - digits 零壹贰叁肆伍陆柒捌玖, units 拾佰仟万亿元角分; always prefixed 人民币;
 * - 整 after 元 when there are no 角/分; no 整 after 角 (optional there) nor after 分;
 * - a run of zeros inside the number is written as one 零 (¥6,007.14 → 陆仟零柒元壹角肆分);
 * - 10–19 are written 壹拾… (anti-tampering), also at the start of a 万/亿 group;
 * - 角 is 0 and 分 is not → 元零…分 (¥16,409.02 → 壹万陆仟肆佰零玖元零贰分);
 * - the rule leaves a choice when the 万 or 元 digit is 0 and the next digit is not. We take
 *   the bank's first example each time: no 零 at the 万 boundary (¥107,000.53 →
 *   壹拾万柒仟元零伍角叁分), a 零 after 元 before 角 (¥1,680.32 → 壹仟陆佰捌拾元零叁角贰分);
 * - no integer part: only 角/分 are written (¥0.05 → 人民币伍分); zero → 人民币零元整;
 * - negative amounts (credit notes) are prefixed 负: 负人民币壹拾元整, so that 人民币 is still
 *   immediately followed by the numerals as the rule requires.
 */
import { assert } from './assert';
import type { Fen } from './money';

const DIGITS = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'] as const;
const SMALL_UNITS = ['', '拾', '佰', '仟'] as const;

function digit(d: number): string {
  const s = DIGITS[d];
  assert(s !== undefined, `not a digit: ${d}`);
  return s;
}

/** 1..9999 with inner zeros collapsed to one 零 and trailing zeros dropped. */
function section(n: number): string {
  assert(n > 0 && n < 10_000, `section out of range: ${n}`);
  let out = '';
  let pendingZero = false;
  for (let pos = 3; pos >= 0; pos--) {
    const d = Math.floor(n / 10 ** pos) % 10;
    if (d === 0) {
      if (out !== '') pendingZero = true;
      continue;
    }
    if (pendingZero) out += '零';
    pendingZero = false;
    out += digit(d) + (SMALL_UNITS[pos] ?? '');
  }
  return out;
}

/**
 * A positive integer (< 10^16) in capital numerals, grouped by 万 and 亿: high part, unit, then
 * the low part, preceded by 零 when the low part is non-zero and does not fill its top digit
 * (壹拾万零壹佰, 壹亿零壹万, but 壹拾万壹仟).
 */
function integer(n: number): string {
  assert(Number.isSafeInteger(n) && n > 0, `integer out of range: ${n}`);
  if (n < 10_000) return section(n);
  const [base, unit] = n < 100_000_000 ? [10_000, '万'] : [100_000_000, '亿'];
  const high = Math.floor(n / base);
  const low = n % base;
  let out = integer(high) + unit;
  if (low > 0) {
    if (low < base / 10) out += '零';
    out += integer(low);
  }
  return out;
}

/** `人民币壹仟零肆元整` for 100400 fen; integers only, negatives prefixed `负`. */
export function toChineseCapitalAmount(fen: Fen): string {
  assert(Number.isSafeInteger(fen), `amount must be an integer number of fen, got ${fen}`);
  if (fen === 0 || Object.is(fen, -0)) return '人民币零元整';
  const negative = fen < 0;
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100);
  const jiao = Math.floor(abs / 10) % 10;
  const cents = abs % 10;

  let out = '';
  if (yuan > 0) {
    out += integer(yuan) + '元';
    if (jiao === 0 && cents === 0) out += '整';
    else if (jiao === 0) out += '零';
    else if (yuan % 10 === 0) out += '零';
  }
  if (jiao > 0) out += digit(jiao) + '角';
  if (cents > 0) out += digit(cents) + '分';
  return `${negative ? '负' : ''}人民币${out}`;
}
