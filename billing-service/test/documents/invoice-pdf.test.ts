import { expect } from 'chai';
import { PDFParse } from 'pdf-parse';
import { formatYuan } from '@seatlease/shared/src/money';
import { InvariantError } from '@seatlease/shared/src/assert';
import { toChineseCapitalAmount } from '@seatlease/shared/src/chinese-amount';
import {
  formatVatRate,
  renderInvoicePdf,
  splitDescription,
  useGlyphBase,
  type InvoiceDocument,
} from '../../src/documents/invoice-pdf';
import { sampleCreditNoteDocument, sampleInvoiceDocument } from '../support/sample-invoice';

interface Extracted {
  text: string;
  pages: string[];
}

async function extract(pdf: Buffer): Promise<Extracted> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    const result = await parser.getText();
    const pages = [...result.pages].sort((a, b) => a.num - b.num).map((p) => p.text);
    expect(pages.length).to.equal(result.total);
    return { text: result.text, pages };
  } finally {
    await parser.destroy();
  }
}

const HEADER_CELLS = ['序号', '项目', 'Description', '期间', '条款', 'Clause', '计算', 'Formula', '数量', '单价', '金额', 'Amount'];

describe('renderInvoicePdf', () => {
  describe('an 8-line monthly invoice', () => {
    const doc = sampleInvoiceDocument(8);
    let pdf: Buffer;
    let out: Extracted;

    before(async () => {
      pdf = await renderInvoicePdf(doc);
      out = await extract(pdf);
    });

    it('is a small one-page PDF', () => {
      expect(pdf.subarray(0, 5).toString('latin1')).to.equal('%PDF-');
      expect(out.pages).to.have.length(1);
      expect(pdf.length).to.be.below(200 * 1024);
    });

    it('shows the title, the number, both parties, the contract, period and dates', () => {
      for (const s of [
        '账单 / 付款通知书',
        'BILL / PAYMENT NOTICE',
        doc.number,
        doc.contractId,
        doc.period,
        doc.issuedOn,
        '甲方',
        '乙方',
        doc.partyA.name,
        doc.partyA.address,
        doc.partyA.taxId,
        doc.tenant.name,
        ...doc.tenant.billingEmails,
        '月度 / Monthly',
      ]) {
        expect(out.text).to.include(s);
      }
    });

    it('never calls itself a fapiao: 发票 appears only in its fapiao-status note', () => {
      expect(out.text.split('\n')[0]).to.include('账单');
      const lines = out.text.split('\n').filter((l) => l.includes('发票'));
      expect(lines).to.deep.equal(['发票状态：本账单不是发票，增值税发票另行开具。']);
    });

    it('shows its fapiao once recorded', async () => {
      const text = (await extract(await renderInvoicePdf({ ...doc, fapiao: { number: '25312000000012345678', issuedOn: '2027-03-20' } }))).text;
      // (the Chinese note wraps before the number)
      expect(text.replace(/\s+/g, '')).to.include('发票状态：已开具，发票号码25312000000012345678（2027-03-20）。');
    });

    it('says when a bill needs no fapiao (no revenue on it)', async () => {
      const text = (await extract(await renderInvoicePdf({ ...doc, fapiao: 'not_required' }))).text;
      expect(text.replace(/\s+/g, '')).to.include('发票状态：本账单无销售收入（押金、结转余额不属于销售），不开具发票。');
    });

    it('shows the due date', () => {
      expect(out.text).to.match(/付款期限 Due date 2027-03-15/);
      expect(out.text).to.include('请于 2027-03-15 前付款');
    });

    it('shows every line: description (Chinese and English), period, clause, quantity, amounts', () => {
      expect(doc.lines).to.have.length(8);
      for (const line of doc.lines) {
        const [zh, en] = splitDescription(line.description);
        expect(out.text).to.include(zh);
        expect(out.text).to.include(en);
        expect(out.text).to.include(formatYuan(line.amountFen));
        expect(out.text).to.include(formatYuan(line.unitAmountFen));
        expect(out.text).to.include(line.clause);
      }
      // a formula that fits its cell is extracted whole
      expect(out.text).to.include('2 坐席 × ¥2,000.00 × 12 天 / 30');
      expect(out.text).to.include('12,345'); // quantities with thousands separators
    });

    it('shows subtotal, the VAT part, the total in figures and in 大写', () => {
      expect(out.text).to.include(`其中增值税 ${formatVatRate(doc.vatRateBp)}（含税）`);
      expect(out.text).to.include(formatYuan(doc.taxFen));
      expect(out.text).to.match(new RegExp(`价税合计 Total \\(VAT incl\\.\\) ${escape(formatYuan(doc.totalFen))}`));
      expect(toChineseCapitalAmount(doc.totalFen)).to.equal('人民币肆万捌仟叁佰伍拾伍元玖角捌分');
      expect(out.text).to.include('人民币肆万捌仟叁佰伍拾伍元玖角捌分');
      expect(out.text).to.include('价税合计（大写）');
    });

    it("shows Party A's bank details and the warnings", () => {
      expect(out.text).to.include(doc.partyA.bankName);
      expect(out.text).to.include(doc.partyA.bankAccount);
      expect(out.text).to.include('2027 年法定节假日日历尚未发布');
    });

    it('numbers its page', () => {
      expect(out.pages[0]).to.include('第 1 页 / 共 1 页');
    });

    it('is deterministic: the same document gives the same bytes', async () => {
      const again = await renderInvoicePdf(doc);
      expect(again.equals(pdf)).to.equal(true);
    });
  });

  describe('a 60-line invoice', () => {
    const doc = sampleInvoiceDocument(60);
    let pdf: Buffer;
    let out: Extracted;

    before(async () => {
      pdf = await renderInvoicePdf(doc);
      out = await extract(pdf);
    });

    it('spans several pages with the table header and page numbers on every page', () => {
      expect(out.pages.length).to.be.at.least(2);
      out.pages.forEach((page, i) => {
        for (const cell of HEADER_CELLS) expect(page, `page ${i + 1}: ${cell}`).to.include(cell);
        expect(page).to.include(`第 ${i + 1} 页 / 共 ${out.pages.length} 页`);
        expect(page).to.include(doc.number);
      });
      for (const page of out.pages.slice(1)) expect(page).to.include('续 / continued');
    });

    it('prints every line once, in order, and the totals on the last page only', () => {
      for (const line of doc.lines) expect(out.text).to.include(formatYuan(line.amountFen));
      // row numbers 1..60 appear in order across the pages
      let from = 0;
      for (let n = 1; n <= 60; n++) {
        const at = out.text.indexOf(`\n${n} `, from);
        expect(at, `row ${n}`).to.be.greaterThan(-1);
        from = at + 1;
      }
      const words = toChineseCapitalAmount(doc.totalFen);
      const last = out.pages[out.pages.length - 1] ?? '';
      expect(last).to.include(words);
      expect(last).to.include(doc.partyA.bankAccount);
      for (const page of out.pages.slice(0, -1)) expect(page).not.to.include(words);
    });

    it('stays small', () => {
      expect(pdf.length).to.be.below(200 * 1024 * out.pages.length);
    });
  });

  describe('a credit note', () => {
    const doc = sampleCreditNoteDocument();
    let out: Extracted;

    before(async () => {
      out = await extract(await renderInvoicePdf(doc));
    });

    it('is titled 账单冲减通知 / CREDIT NOTE and names the bill it corrects', () => {
      expect(out.text).to.include('账单冲减通知');
      expect(out.text).to.include('CREDIT NOTE');
      expect(out.text).to.include(doc.number);
      expect(out.text).to.include('INV-2027-000042');
      expect(out.text).to.include('话单重复导入');
    });

    it('shows the negative amounts in figures and in 大写', () => {
      expect(out.text).to.include('-¥1,200.00');
      expect(out.text).to.include('负人民币壹仟贰佰元整');
      expect(out.text).to.include(formatYuan(doc.taxFen));
    });

    it('without lines, prints one row against the original invoice', async () => {
      const bare: InvoiceDocument = { ...doc, lines: [] };
      const text = (await extract(await renderInvoicePdf(bare))).text;
      expect(text).to.include('冲减原账单 INV-2027-000042');
      expect(text).to.include('负人民币壹仟贰佰元整');
    });
  });

  describe('wrapping', () => {
    it('grows rows to fit long descriptions and formulas', async () => {
      const doc = sampleInvoiceDocument(1);
      const line = doc.lines[0]!;
      const long = `${'超长描述'.repeat(12)} / ${'a very long English description '.repeat(4)}`;
      doc.lines = [{ ...line, description: long, formula: `${line.formula} ${'× 1 '.repeat(60)}` }];
      const out = await extract(await renderInvoicePdf(doc));
      expect(out.pages).to.have.length(1);
      // every piece of the wrapped description is there, split over several lines
      expect(out.text.replace(/\s+/g, '')).to.include('超长描述'.repeat(12));
    });

    it('prints text that does not split into a bilingual description as is', () => {
      expect(splitDescription('坐席月租 / Seat rent')).to.deep.equal(['坐席月租', 'Seat rent']);
      expect(splitDescription('电话费（市话）/ Phone usage')).to.deep.equal(['电话费（市话）', 'Phone usage']);
      expect(splitDescription('2 坐席 / 30 天')).to.deep.equal(['2 坐席 / 30 天', '']);
      expect(splitDescription('押金')).to.deep.equal(['押金', '']);
    });
  });

  describe('checks', () => {
    it('refuses a document whose lines do not add up to its total', async () => {
      const doc = sampleInvoiceDocument(8);
      await expectRejected(renderInvoicePdf({ ...doc, totalFen: doc.totalFen + 1 }));
    });

    it('refuses a number that does not match the kind', async () => {
      await expectRejected(renderInvoicePdf({ ...sampleInvoiceDocument(8), number: 'CN-2027-000001' }));
      await expectRejected(renderInvoicePdf({ ...sampleCreditNoteDocument(), number: 'INV-2027-000001' }));
    });

    it('formats VAT rates in basis points', () => {
      expect(formatVatRate(600)).to.equal('6%');
      expect(formatVatRate(650)).to.equal('6.5%');
      expect(formatVatRate(1300)).to.equal('13%');
      expect(formatVatRate(0)).to.equal('0%');
    });
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function expectRejected(p: Promise<unknown>): Promise<void> {
  try {
    await p;
  } catch (e) {
    expect(e).to.be.instanceOf(InvariantError);
    return;
  }
  expect.fail('expected an InvariantError');
}

describe('renderInvoicePdf extremes', () => {
  it('clips a row taller than a page and lets a long list of notes flow on', async () => {
    const doc = sampleInvoiceDocument(3);
    const first = doc.lines[0]!;
    doc.lines[0] = { ...first, formula: '很长的公式 '.repeat(1200) };
    doc.warnings = Array.from({ length: 120 }, (_, i) => `提示 ${i + 1}：${'日历回退说明 '.repeat(20)}`);
    const pdf = await renderInvoicePdf(doc);
    const parser = new PDFParse({ data: new Uint8Array(pdf) });
    try {
      const result = await parser.getText();
      expect(result.total).to.be.at.least(3);
      const pages = [...result.pages].sort((a, b) => a.num - b.num);
      pages.forEach((p, i) => expect(p.text).to.include(`第 ${i + 1} 页 / 共 ${result.total} 页`));
      expect(result.text).to.include('提示 120：');
      expect(result.text).to.include(toChineseCapitalAmount(doc.totalFen));
    } finally {
      await parser.destroy();
    }
  });

  it('prints a text one character away from one printed before as it is (the memo of wrapped lines is keyed on the text)', async () => {
    const doc = sampleInvoiceDocument(8);
    const before = await extract(await renderInvoicePdf(doc));
    const first = doc.lines[0]!;
    const name = `${doc.tenant.name.slice(0, -1)}局`;
    const formula = `${first.formula.slice(0, -1)}7`;
    const changed = { ...doc, tenant: { ...doc.tenant, name }, lines: [{ ...first, formula }, ...doc.lines.slice(1)] };
    const after = await extract(await renderInvoicePdf(changed));
    expect(before.text).to.include(doc.tenant.name).and.include(first.formula);
    expect(after.text).to.include(name).and.include(formula);
    expect(after.text).to.not.include(doc.tenant.name);
    expect(after.text).to.not.include(first.formula);
  });

  it('prints the same text, page by page, with its subsets started from the glyph base as without', async () => {
    for (const doc of [sampleInvoiceDocument(8), sampleInvoiceDocument(60), sampleCreditNoteDocument()]) {
      const based = await extract(await renderInvoicePdf(doc));
      useGlyphBase(false);
      let plain: Extracted;
      try {
        plain = await extract(await renderInvoicePdf(doc));
      } finally {
        useGlyphBase(true);
      }
      expect(based.pages, doc.number).to.deep.equal(plain.pages);
    }
  });

  describe('an invoice with a deposit (SPEC §2: VAT on revenue only)', () => {
    it('prints the taxable amount, its VAT and the deposit on rows of their own; the parts must add up', async () => {
      const base = sampleInvoiceDocument(2);
      const rent = base.lines[0]!;
      const deposit = { ...rent, code: 'deposit' as const, description: '押金 / Deposit', clause: '§2.A6', ref: 'deposit' };
      const doc = { ...base, lines: [deposit, rent], totalFen: 2 * rent.amountFen, taxableFen: rent.amountFen, depositFen: rent.amountFen, creditCarriedFen: 0, taxFen: 226415 };
      const out = await extract(await renderInvoicePdf(doc));
      expect(out.text).to.match(/应税金额（含税）\s*Taxable amount \(VAT incl\.\)\s*¥40,000\.00/);
      expect(out.text).to.match(/其中增值税 6%（含税）\s*VAT 6% included\s*¥2,264\.15/);
      expect(out.text).to.match(/押金（不征增值税）\s*Deposit \(no VAT\)\s*¥40,000\.00/);
      expect(out.text).to.not.include('余额结转（不征增值税）');
      let refused: unknown = null;
      await renderInvoicePdf({ ...doc, depositFen: rent.amountFen - 1 }).catch((e: unknown) => (refused = e));
      expect(refused).to.be.instanceOf(InvariantError);
    });
  });
});
