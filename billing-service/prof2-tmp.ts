import { renderInvoicePdf } from './src/documents/invoice-pdf';
import * as fonts from './src/documents/fonts';
import { sampleInvoiceDocument } from './src/documents/sample-invoice';
const full = fonts.documentFonts() as any;
for (const font of [full.regular, full.bold]) {
  const orig = font.layout.bind(font); const cache = new Map();
  font.layout = (text: string, ...rest: unknown[]) => { let run = cache.get(text); if (!run) { run = orig(text); cache.set(text, run); } const c = Object.create(Object.getPrototypeOf(run)); Object.assign(c, run); c.positions = run.positions.map((p: any) => ({ ...p })); return c; };
}
const doc = sampleInvoiceDocument(8);
for (let i = 0; i < 400; i++) await renderInvoicePdf(doc);
