import { expect } from 'chai';
import PDFDocument from 'pdfkit';
import { registerDocumentFonts } from '@seatlease/shared/src/documents/fonts';
import { batchPageContent } from '@seatlease/shared/src/documents/page-content';

/** Text, rules, fills, a second page and a return to the first (bufferPages), Latin and Chinese. */
async function render(batched: boolean): Promise<Buffer> {
  const pdf = new PDFDocument({ size: 'A4', bufferPages: true, info: { CreationDate: new Date(0), ModDate: new Date(0) } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve) => {
    pdf.on('data', (c: Buffer) => chunks.push(c));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
  });
  registerDocumentFonts(pdf, { regular: 'r', bold: 'b' });
  if (batched) batchPageContent(pdf);
  pdf.font('r').fontSize(9).fillColor('#1f3a5f').text('账单 / 付款通知书 BILL', 40, 40, { width: 200, align: 'center' });
  pdf.save().moveTo(40, 60).lineTo(300, 60).lineWidth(0.6).strokeColor('#9a9a9a').stroke().restore();
  pdf.rect(40, 70, 100, 20).fill('#f1f3f6');
  pdf.addPage();
  pdf.font('b').fillColor('#c00000').text('人民币贰仟元整 ¥2,000.00 — Café', 40, 40, { width: 120 });
  pdf.switchToPage(0);
  pdf.font('r').fontSize(7).text('第 1 页 / 共 2 页', 40, 800, { width: 515, align: 'right' });
  pdf.end();
  return done;
}

describe('batchPageContent', () => {
  it('writes the bytes pdfkit writes operator by operator, over pages and a return to an earlier one', async () => {
    const plain = await render(false);
    const batched = await render(true);
    expect(batched.equals(plain)).to.equal(true);
  });
});
