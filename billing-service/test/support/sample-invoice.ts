/**
 * A realistic sample invoice (and credit note) for tests, the benchmark and the documentation
 * image. Not used by the billing flow.
 */
import type { InvoiceLine } from '@seatlease/shared/src/billing-facts';
import { formatYuan, roundHalfUp, sumFen } from '@seatlease/shared/src/money';
import type { InvoiceDocument, PartyA } from '../../src/documents/invoice-pdf';

export const SAMPLE_PARTY_A: PartyA = {
  name: '北京云联坐席科技有限公司',
  address: '北京市朝阳区建国路 88 号现代城 A 座 1203 室',
  taxId: '91110105MA01XYZ12K',
  bankName: '招商银行北京朝阳支行',
  bankAccount: '1109 0812 3410 601',
  phone: '010-6598 1234',
};

function line(
  code: InvoiceLine['code'],
  description: string,
  quantity: number,
  unitAmountFen: number,
  amountFen: number,
  period: string,
  clause: string,
  formula: string,
  ref: string,
): InvoiceLine {
  return { code, description, quantity, unitAmountFen, amountFen, period, clause, formula, ref };
}

/** Eight lines of a March 2027 monthly invoice: rent in advance, adjustments, calls in arrears. */
export function sampleLines(period = '2027-03', previous = '2027-02'): InvoiceLine[] {
  return [
    line('rent', '坐席月租 / Seat rent', 20, 200000, 4000000, period, '§4.1', `20 坐席 × ${formatYuan(200000)}`, `rent:${period}`),
    line('rent', '电路月租 / Circuit fee', 20, 30000, 600000, period, '§4.1', `20 坐席 × ${formatYuan(30000)}`, `circuit:${period}`),
    line(
      'rent',
      '新增坐席（不足一月按日计费）/ Added seats, part month (daily)',
      2,
      80000,
      160000,
      previous,
      '§4.3',
      `2 坐席 × ${formatYuan(200000)} × 12 天 / 30`,
      `rent:${previous}:add-7`,
    ),
    line(
      'return_adjustment',
      '退租坐席调整 / Returned seat adjustment',
      1,
      -46667,
      -46667,
      previous,
      '§4.4',
      `1 坐席 × ${formatYuan(200000)} × 7 天 / 30`,
      `return:${previous}:ret-3`,
    ),
    line(
      'outage_credit',
      '线路故障减免 / Outage credit (provider fault, 26 h)',
      3,
      -15333,
      -46000,
      previous,
      '§6.5',
      `3 坐席 × ${formatYuan(230000)} × 2 天 / 30（故障 26 小时，超出 4 小时修复时限）`,
      `outage:out-19:${previous}`,
    ),
    line(
      'late_opening_penalty',
      '延迟开通违约金 / Late opening penalty',
      2,
      -10000,
      -20000,
      previous,
      '§8.A1',
      `2 坐席 × ${formatYuan(200000)} × 5 天 × 1% / 天`,
      `late:add-7`,
    ),
    line(
      'phone_usage',
      '电话费（市话）/ Phone usage, local calls',
      12345,
      10,
      123450,
      previous,
      '§2.A6',
      `12,345 分钟 × ${formatYuan(10)}（不足一分钟按一分钟）`,
      `calls:${previous}:local`,
    ),
    line(
      'phone_usage',
      '电话费（手机）/ Phone usage, mobile calls',
      4321,
      15,
      64815,
      previous,
      '§2.A6',
      `4,321 分钟 × ${formatYuan(15)}`,
      `calls:${previous}:mobile`,
    ),
  ];
}

/** The VAT part of a tax-inclusive amount: total × rate / (1 + rate), half-up. */
export function includedVat(totalFen: number, vatRateBp: number): number {
  return roundHalfUp(BigInt(totalFen) * BigInt(vatRateBp), BigInt(10000 + vatRateBp));
}

/** A monthly invoice with `count` lines (the 8 sample lines, repeated with varied amounts). */
export function sampleInvoiceDocument(count = 8): InvoiceDocument {
  const base = sampleLines();
  const lines: InvoiceLine[] = [];
  for (let i = 0; i < count; i++) {
    const b = base[i % base.length]!;
    const round = Math.floor(i / base.length);
    if (round === 0) {
      lines.push(b);
    } else {
      const amount = b.amountFen + Math.sign(b.amountFen) * round * 137;
      lines.push({ ...b, amountFen: amount, unitAmountFen: amount, quantity: 1, ref: `${b.ref}:${round}` });
    }
  }
  const totalFen = sumFen(lines.map((l) => l.amountFen));
  return {
    kind: 'invoice',
    number: 'INV-2027-000042',
    invoiceKind: 'monthly',
    period: '2027-03',
    issuedOn: '2027-03-01',
    dueDate: '2027-03-15',
    contractId: 'CT-2026-0042',
    partyA: SAMPLE_PARTY_A,
    tenant: { name: '上海鼎信客户服务外包有限公司', billingEmails: ['finance@dingxin-cs.cn', 'ap@dingxin-cs.cn'] },
    lines,
    totalFen,
    taxFen: includedVat(totalFen, 600),
    vatRateBp: 600,
    warnings: [
      '2027 年法定节假日日历尚未发布，工作日按周一至周五计算。 / The 2027 holiday calendar is not published yet; working days were counted Monday to Friday.',
    ],
  };
}

/** A credit note (红字) of ¥1,200.00 against the sample invoice. */
export function sampleCreditNoteDocument(): InvoiceDocument {
  const amount = -120000;
  return {
    kind: 'credit_note',
    number: 'CN-2027-000003',
    period: '2027-03',
    issuedOn: '2027-03-20',
    dueDate: null,
    contractId: 'CT-2026-0042',
    partyA: SAMPLE_PARTY_A,
    tenant: { name: '上海鼎信客户服务外包有限公司', billingEmails: ['finance@dingxin-cs.cn'] },
    lines: [
      line(
        'one_off',
        '冲减：电话费多计 / Correction: phone usage over-billed',
        1,
        amount,
        amount,
        '2027-02',
        '§9',
        `冲减 INV-2027-000042 第 7 行 ${formatYuan(-amount)}`,
        'credit:INV-2027-000042:7',
      ),
    ],
    totalFen: amount,
    taxFen: includedVat(amount, 600),
    vatRateBp: 600,
    creditedInvoiceNumber: 'INV-2027-000042',
    reason: '话单重复导入，多计 12,000 分钟 / Call records imported twice',
  };
}
