/**
 * What a bill's fapiao says, line by line (pure: bill lines in, fapiao lines out).
 *
 * - Deposits are not revenue (decision 0021): deposit, deposit_topup, deposit_release,
 *   deposit_settlement and credit_carried never appear on a fapiao. The rest of the bill is its
 *   taxable base T (tax-inclusive, SPEC §2), and the bill's VAT is T − round(T / (1 + rate)).
 * - Bill lines are grouped into fapiao items by line code (坐席租赁服务, 电话费, …; the tax
 *   classification code per line code is configuration). A group that nets to zero or below (a
 *   month of outage credits, say) is folded into the largest group as its discount, so every
 *   fapiao line is positive.
 * - The tax platform computes each line's tax itself from 金额 and 税率 (there is no 税额
 *   column), so the lines are chosen so that what it computes adds up to the bill's tax, to the
 *   fen (decision 0022): tax-inclusive amounts when per-line rounding already agrees (always for
 *   one line), else amounts excluding tax whose split is moved by a few fen until it agrees, else
 *   one line. The result is checked by recomputing it as the platform would.
 */
import { assert, roundHalfUp, sumFen, type Fen, type InvoiceLine, type LineCode } from '@seatlease/shared';
import { UNTAXED_CODES } from '../engine/settlement';

/** SPEC §2, §4: the deposit is money we owe back, credit carried the tenant's own: the engine's untaxed codes. */
export const NON_REVENUE_CODES: ReadonlySet<LineCode> = UNTAXED_CODES;

export interface FapiaoItem {
  /** 项目名称 (≤ 100 characters); the platform prefixes the classification's short name. */
  name: string;
  /** 商品和服务税收编码: 19 digits. */
  taxCode: string;
}

export interface FapiaoLine extends FapiaoItem {
  /** 数量 and 单价 are printed only for a line that is one bill line with a whole quantity. */
  quantity: number | null;
  /** 金额 as exported: including tax when the draft is tax-inclusive, else excluding it. */
  amountFen: Fen;
  netFen: Fen;
  taxFen: Fen;
  grossFen: Fen;
}

export interface FapiaoDraft {
  /** 是否含税: whether 金额 includes tax. */
  taxInclusive: boolean;
  vatRateBp: number;
  grossFen: Fen;
  netFen: Fen;
  taxFen: Fen;
  lines: FapiaoLine[];
}

/** The most a line's net amount is moved to make the platform's rounding agree (a limit). */
export const MAX_SHIFT_FEN = 100;

/** The taxable base: the bill's revenue lines (tax-inclusive). */
export function taxableBaseFen(lines: readonly Pick<InvoiceLine, 'code' | 'amountFen'>[]): Fen {
  return sumFen(lines.filter((l) => !NON_REVENUE_CODES.has(l.code)).map((l) => l.amountFen));
}

/** The VAT in a tax-inclusive amount: gross − round(gross / (1 + rate)), half up. */
export function vatInGross(grossFen: Fen, vatRateBp: number): Fen {
  return grossFen - roundHalfUp(BigInt(grossFen) * 10000n, 10000n + BigInt(vatRateBp));
}

/** What the platform computes for a line from 金额 and 税率 (its own per-line rounding, half up). */
export function platformLine(amountFen: Fen, vatRateBp: number, taxInclusive: boolean): { netFen: Fen; taxFen: Fen } {
  if (taxInclusive) {
    const taxFen = vatInGross(amountFen, vatRateBp);
    return { netFen: amountFen - taxFen, taxFen };
  }
  return { netFen: amountFen, taxFen: roundHalfUp(BigInt(amountFen) * BigInt(vatRateBp), 10000n) };
}

interface Group extends FapiaoItem {
  grossFen: Fen;
  billLines: Array<Pick<InvoiceLine, 'quantity' | 'amountFen'>>;
}

/** Groups revenue lines by item, in order of first appearance; non-positive groups folded in. */
function groupsOf(lines: readonly InvoiceLine[], itemFor: (code: LineCode) => FapiaoItem): Group[] {
  const groups: Group[] = [];
  for (const l of lines) {
    if (NON_REVENUE_CODES.has(l.code) || l.amountFen === 0) continue;
    const item = itemFor(l.code);
    let g = groups.find((x) => x.name === item.name && x.taxCode === item.taxCode);
    if (!g) groups.push((g = { ...item, grossFen: 0, billLines: [] }));
    g.grossFen += l.amountFen;
    g.billLines.push({ quantity: l.quantity, amountFen: l.amountFen });
  }
  const positive = groups.filter((g) => g.grossFen > 0);
  const rest = groups.filter((g) => g.grossFen <= 0);
  if (positive.length === 0) return [];
  const largest = positive.reduce((a, b) => (b.grossFen > a.grossFen ? b : a));
  for (const g of rest) {
    largest.grossFen += g.grossFen;
    largest.billLines.push(...g.billLines);
  }
  return positive.filter((g) => g.grossFen > 0);
}

function quantityOf(g: Group): number | null {
  const only = g.billLines.length === 1 ? g.billLines[0]! : null;
  return only && Number.isInteger(only.quantity) && only.quantity > 0 ? only.quantity : null;
}

function draftFrom(groups: Group[], amounts: Fen[], vatRateBp: number, taxInclusive: boolean): FapiaoDraft {
  const lines = groups.map((g, i) => {
    const { netFen, taxFen } = platformLine(amounts[i]!, vatRateBp, taxInclusive);
    return { name: g.name, taxCode: g.taxCode, quantity: quantityOf(g), amountFen: amounts[i]!, netFen, taxFen, grossFen: netFen + taxFen };
  });
  return {
    taxInclusive,
    vatRateBp,
    grossFen: sumFen(lines.map((l) => l.grossFen)),
    netFen: sumFen(lines.map((l) => l.netFen)),
    taxFen: sumFen(lines.map((l) => l.taxFen)),
    lines,
  };
}

const agrees = (d: FapiaoDraft, grossFen: Fen, taxFen: Fen) => d.grossFen === grossFen && d.taxFen === taxFen && d.lines.every((l) => l.amountFen > 0);

/**
 * The fapiao for a bill's lines at its VAT rate, or null when the bill has no revenue (a bill of
 * deposits and credits only). Its gross, net and tax equal the bill's taxable base, base − tax
 * and tax exactly, as the platform will compute them.
 */
export function draftFapiao(lines: readonly InvoiceLine[], vatRateBp: number, itemFor: (code: LineCode) => FapiaoItem): FapiaoDraft | null {
  assert(Number.isSafeInteger(vatRateBp) && vatRateBp >= 0 && vatRateBp < 10000, `VAT rate must be whole basis points, got ${vatRateBp}`);
  const groups = groupsOf(lines, itemFor);
  if (groups.length === 0) return null;
  const grossFen = sumFen(groups.map((g) => g.grossFen));
  assert(grossFen === taxableBaseFen(lines), 'fapiao groups add up to the taxable base');
  const taxFen = vatInGross(grossFen, vatRateBp);
  const netFen = grossFen - taxFen;
  const result = ((): FapiaoDraft => {
    // 1. Tax-inclusive amounts: the bill's own item amounts, when per-line rounding agrees.
    const inclusive = draftFrom(groups, groups.map((g) => g.grossFen), vatRateBp, true);
    if (agrees(inclusive, grossFen, taxFen)) return inclusive;
    // 2. Amounts excluding tax, summing to the net, with the split moved by the fewest fen.
    const nets = groups.map((g) => g.grossFen - vatInGross(g.grossFen, vatRateBp));
    const largest = nets.indexOf(Math.max(...nets));
    nets[largest]! += netFen - sumFen(nets);
    for (let shift = 0; shift <= MAX_SHIFT_FEN; shift++) {
      for (let from = 0; from < nets.length; from++) {
        for (let to = 0; to < nets.length; to++) {
          if ((shift === 0) !== (from === to)) continue;
          const moved = [...nets];
          moved[from]! -= shift;
          moved[to]! += shift;
          const exclusive = draftFrom(groups, moved, vatRateBp, false);
          if (agrees(exclusive, grossFen, taxFen)) return exclusive;
        }
        if (shift === 0) break;
      }
    }
    // 3. One line, tax-inclusive: one rounding, the bill's own.
    const main = groups[nets.indexOf(Math.max(...nets))]!;
    return draftFrom([{ ...main, grossFen, billLines: groups.flatMap((g) => g.billLines) }], [grossFen], vatRateBp, true);
  })();
  assert(result.grossFen === grossFen && result.netFen === netFen && result.taxFen === taxFen, 'the fapiao adds up to the bill: gross, net and tax');
  for (const l of result.lines) {
    const p = platformLine(l.amountFen, vatRateBp, result.taxInclusive);
    assert(p.netFen === l.netFen && p.taxFen === l.taxFen && l.amountFen > 0, 'each fapiao line is what the platform will compute');
  }
  return result;
}
