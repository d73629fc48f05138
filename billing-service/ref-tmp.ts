import { writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { renderInvoicePdf } from './src/documents/invoice-pdf';
import { sampleInvoiceDocument, sampleCreditNoteDocument } from './src/documents/sample-invoice';
const out: string[] = [];
for (const d of [sampleInvoiceDocument(8), sampleInvoiceDocument(60), sampleCreditNoteDocument()]) {
  const a = await renderInvoicePdf(d as any); const b = await renderInvoicePdf(d as any);
  out.push(createHash('sha256').update(a).digest('hex') + ' ' + createHash('sha256').update(b).digest('hex') + ' ' + a.length);
}
console.log(out.join('\n'));
