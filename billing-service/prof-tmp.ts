import { renderInvoicePdf } from './src/documents/invoice-pdf';
import { sampleInvoiceDocument } from './src/documents/sample-invoice';
const doc = sampleInvoiceDocument(8);
for (let i = 0; i < 300; i++) await renderInvoicePdf(doc);
