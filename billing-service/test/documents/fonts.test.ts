import { expect } from 'chai';
import PDFDocument from 'pdfkit';
import type { Font } from 'fontkit';
import { LAYOUT_CACHE_TEXTS, loadNotoSansSc, registerDocumentFonts } from '@seatlease/shared/src/documents/fonts';
import { clearLayoutMemo, renderInvoicePdf, useLayoutMemo } from '../../src/documents/invoice-pdf';
import { sampleCreditNoteDocument, sampleInvoiceDocument } from '../support/sample-invoice';

/** Chinese, Latin with accents (composite glyphs), figures, punctuation, wrapped and aligned. */
const TEXTS = [
  '账单 BILL 上海鼎信客户服务外包有限公司',
  '坐席月租 / Seat rent 20 坐席 × ¥2,000.00（不足一分钟按一分钟）',
  'Café Zürich São Paulo naïve façade — « déjà vu » ÀÉÎÕÜ ñ',
  '人民币贰仟叁佰肆拾伍元陆角柒分',
  '2027 年法定节假日日历尚未发布，工作日按周一至周五计算。 / The 2027 holiday calendar is not published yet.',
];

/** `fonts` given: registered as they are; else as documents register theirs (with the caches). */
async function render(fonts?: { regular: Font; bold: Font }): Promise<Buffer> {
  const pdf = new PDFDocument({ size: 'A4', info: { CreationDate: new Date(0), ModDate: new Date(0) } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve) => {
    pdf.on('data', (c: Buffer) => chunks.push(c));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
  });
  if (fonts) {
    pdf.registerFont('r', fonts.regular as unknown as string);
    pdf.registerFont('b', fonts.bold as unknown as string);
  } else {
    registerDocumentFonts(pdf, { regular: 'r', bold: 'b' });
  }
  for (const [i, text] of TEXTS.entries()) {
    pdf.font(i % 2 === 0 ? 'r' : 'b').fontSize(9);
    const height = pdf.heightOfString(text, { width: 120 });
    pdf.text(text, 40, 40 + i * 90, { width: 120, align: i % 3 === 0 ? 'right' : 'left' });
    pdf.text(`${height.toFixed(3)} ${pdf.widthOfString(text).toFixed(3)}`, 300, 40 + i * 90);
  }
  pdf.end();
  return done;
}

describe('document fonts: parsed once, with caches across documents', () => {
  it('give the same bytes as fonts parsed afresh, on first use and from the caches', async () => {
    const plain = await render({ regular: loadNotoSansSc('400Regular'), bold: loadNotoSansSc('700Bold') });
    const first = await render();
    const again = await render();
    expect(first.equals(plain)).to.equal(true);
    expect(again.equals(plain)).to.equal(true);
  });

  it('keep each document to itself: the same invoice renders to the same bytes before and after others', async () => {
    const doc = sampleInvoiceDocument(8);
    const before = await renderInvoicePdf(doc);
    await Promise.all([renderInvoicePdf(sampleInvoiceDocument(60)), renderInvoicePdf({ ...doc, tenant: { ...doc.tenant, name: '𠮷野家（北京）餐饮有限公司' } })]);
    expect((await renderInvoicePdf(doc)).equals(before)).to.equal(true);
  });

  it('write each text from one wrap, measured and drawn, to the bytes pdfkit writes wrapping it itself', async () => {
    // one page, three pages (the table breaks, header repeated, page numbers), a red credit note
    for (const doc of [sampleInvoiceDocument(8), sampleInvoiceDocument(60), sampleCreditNoteDocument()]) {
      // a document whose texts are partly new once the first has filled the memo
      const other = { ...doc, tenant: { ...doc.tenant, name: '杭州云帆呼叫中心服务有限公司' }, number: doc.number.replace(/\d{6}$/, '000777') };
      let unaided: Buffer, otherUnaided: Buffer;
      useLayoutMemo(false); // heightOfString to measure, pdf.text to draw
      try {
        unaided = await renderInvoicePdf(doc);
        otherUnaided = await renderInvoicePdf(other);
      } finally {
        useLayoutMemo(true);
      }
      try {
        expect((await renderInvoicePdf(doc)).equals(unaided), `${doc.number}, memo empty`).to.equal(true);
        expect((await renderInvoicePdf(doc)).equals(unaided), `${doc.number}, from the memo`).to.equal(true);
        expect((await renderInvoicePdf(other)).equals(otherUnaided), other.number).to.equal(true);
      } finally {
        clearLayoutMemo();
      }
    }
  });

  it('bound the shaping cache shared by documents', () => {
    const pdf = new PDFDocument();
    registerDocumentFonts(pdf, { regular: 'r', bold: 'b' });
    pdf.font('r');
    for (let i = 0; i < LAYOUT_CACHE_TEXTS + 10; i++) pdf.widthOfString(`x${i}`);
    const cache = (pdf as unknown as { _font: { layoutCache: object } })._font.layoutCache;
    expect(Object.keys(cache).length).to.equal(LAYOUT_CACHE_TEXTS);
    // a later document of the same font shares it
    const next = new PDFDocument();
    registerDocumentFonts(next, { regular: 'r', bold: 'b' });
    expect((next.font('r') as unknown as { _font: { layoutCache: object } })._font.layoutCache).to.equal(cache);
    pdf.end();
    next.end();
  });
});
