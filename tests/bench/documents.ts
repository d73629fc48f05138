/**
 * Deterministic invoice documents for the PDF benchmark: the sample invoice's eight lines with
 * the number, contract, tenant, seat count and call minutes varied per document, so that
 * figures, names and ids differ from one PDF to the next as in a real run.
 */
import { prng } from '../src/prng';
import { formatYuan, sumFen } from '@seatlease/shared/src/money';
import type { InvoiceDocument } from '@seatlease/billing-service/src/documents/invoice-pdf';
import { includedVat, sampleInvoiceDocument } from '@seatlease/billing-service/test/support/sample-invoice';

const CITIES = ['上海', '北京', '广州', '深圳', '杭州', '成都', '武汉', '西安', '南京', '重庆', '苏州', '天津', '长沙', '郑州', '合肥', '济南'];
const WORDS = ['鼎信', '华通', '联创', '锦程', '恒达', '汇智', '启航', '瑞丰', '博远', '安捷', '东方', '诚信', '星辰', '宏图', '新锐', '卓越'];
const TRADES = ['客户服务外包', '呼叫中心', '信息技术', '电子商务', '营销策划', '金融服务'];

export { prng };

export function benchDocuments(count: number, seed = 8): InvoiceDocument[] {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const base = sampleInvoiceDocument(8);
  const docs: InvoiceDocument[] = [];
  for (let i = 0; i < count; i++) {
    const seats = 5 + Math.floor(rnd() * 60);
    const local = 1000 + Math.floor(rnd() * 40000);
    const mobile = 500 + Math.floor(rnd() * 20000);
    const lines = base.lines.map((l, n) => {
      if (n === 0 || n === 1) {
        const amountFen = seats * l.unitAmountFen;
        return { ...l, quantity: seats, amountFen, formula: `${seats} 坐席 × ${formatYuan(l.unitAmountFen)}` };
      }
      if (n === 6 || n === 7) {
        const minutes = n === 6 ? local : mobile;
        return { ...l, quantity: minutes, amountFen: minutes * l.unitAmountFen, formula: `${minutes.toLocaleString('en-US')} 分钟 × ${formatYuan(l.unitAmountFen)}` };
      }
      return l;
    });
    const totalFen = sumFen(lines.map((l) => l.amountFen));
    const serial = String(i + 1).padStart(6, '0');
    const word = pick(WORDS);
    docs.push({
      ...base,
      number: `INV-2027-${serial}`,
      contractId: `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
      tenant: { name: `${pick(CITIES)}${word}${pick(TRADES)}有限公司`, billingEmails: [`finance${i + 1}@tenant.example`] },
      lines,
      totalFen,
      taxFen: includedVat(totalFen, base.vatRateBp),
    });
  }
  return docs;
}
