/**
 * The benchmark floor for invoice PDFs (tests/bench/pdf.bench.ts): pdfkit writing the same
 * strings with the same fonts as `renderInvoicePdf`, as plain flowing `doc.text` calls with no
 * layout (no measuring, tables, rules or page numbers). Not used by the billing flow.
 */
import PDFDocument from 'pdfkit';
import { formatYuan } from '@seatlease/shared/src/money';
import { toChineseCapitalAmount } from '@seatlease/shared/src/chinese-amount';
import { registerDocumentFonts } from '@seatlease/shared/src/documents/fonts';
import type { InvoiceDocument } from '../../src/documents/invoice-pdf';

/** The strings an invoice PDF prints (headings excepted). */
export function invoiceTexts(doc: InvoiceDocument): string[] {
  const texts = [
    doc.number,
    doc.contractId,
    doc.period,
    doc.issuedOn,
    doc.dueDate ?? '—',
    doc.partyA.name,
    doc.partyA.address,
    doc.partyA.taxId,
    doc.partyA.phone ?? '',
    doc.tenant.name,
    doc.tenant.billingEmails.join(', '),
  ];
  doc.lines.forEach((l, i) => {
    texts.push(
      String(i + 1),
      l.description,
      l.period,
      l.clause,
      l.formula,
      String(l.quantity),
      formatYuan(l.unitAmountFen),
      formatYuan(l.amountFen),
    );
  });
  texts.push(
    formatYuan(doc.totalFen),
    formatYuan(doc.taxFen),
    toChineseCapitalAmount(doc.totalFen),
    doc.partyA.bankName,
    doc.partyA.bankAccount,
    ...(doc.warnings ?? []),
  );
  return texts.filter((t) => t !== '');
}

export async function renderPlainTextPdf(doc: InvoiceDocument): Promise<Buffer> {
  const pdf = new PDFDocument({ size: 'A4', margin: 40 });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  registerDocumentFonts(pdf, { regular: 'regular', bold: 'bold' });
  pdf.font('bold').fontSize(20).text(doc.kind === 'credit_note' ? '账单冲减通知 CREDIT NOTE' : '账单 / 付款通知书 BILL / PAYMENT NOTICE');
  pdf.font('regular').fontSize(8);
  for (const text of invoiceTexts(doc)) pdf.text(text);
  pdf.end();
  return done;
}
