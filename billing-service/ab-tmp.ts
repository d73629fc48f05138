import PDFDocument from 'pdfkit';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { renderInvoicePdf } from './src/documents/invoice-pdf';
import * as fonts from './src/documents/fonts';
import { sampleInvoiceDocument } from './src/documents/sample-invoice';
const require = createRequire(import.meta.url);
const bufs = { regular: readFileSync(require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf')), bold: readFileSync(require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf')) };
const orig = fonts.registerDocumentFonts;
const doc = sampleInvoiceDocument(8);
let mode = 'cached';
// monkeypatch via PDFDocument prototype registerFont
const proto = (PDFDocument as any).prototype;
const reg = proto.registerFont;
proto.registerFont = function (name: string, src: any, fam?: string) {
  if (mode === 'buffer') src = name.includes('Bold') || name === 'bold' ? bufs.bold : bufs.regular;
  return reg.call(this, name, src, fam);
};
function cpu() { const u = process.cpuUsage(); return (u.user + u.system) / 1000; }
for (let i = 0; i < 5; i++) await renderInvoicePdf(doc);
const res: Record<string, number[]> = { cached: [], buffer: [] };
for (let r = 0; r < 6; r++) for (const m of ['cached', 'buffer']) {
  mode = m; const t = cpu();
  for (let i = 0; i < 20; i++) await renderInvoicePdf(doc);
  res[m]!.push((cpu() - t) / 20);
}
for (const [m, v] of Object.entries(res)) console.log(m, v.map((x) => x.toFixed(1)).join(' '));
