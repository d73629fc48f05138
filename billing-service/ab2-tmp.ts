import PDFDocument from 'pdfkit';
import { readFileSync } from 'node:fs';
import { create } from 'fontkit';
import { renderInvoicePdf } from './src/documents/invoice-pdf';
import * as fonts from './src/documents/fonts';
import { sampleInvoiceDocument } from './src/documents/sample-invoice';
const sub = { regular: create(readFileSync('/tmp/NotoSansSC-400Regular-sub.ttf')), bold: create(readFileSync('/tmp/NotoSansSC-700Bold-sub.ttf')) };
const full = fonts.documentFonts();
const doc = sampleInvoiceDocument(8);
let mode = 'full';
const proto = (PDFDocument as any).prototype;
const reg = proto.registerFont;
proto.registerFont = function (name: string, src: any, fam?: string) {
  const set = mode === 'sub' ? sub : full;
  src = name.includes('Bold') || name === 'bold' ? set.bold : set.regular;
  return reg.call(this, name, src, fam);
};
function cpu() { const u = process.cpuUsage(); return (u.user + u.system) / 1000; }
for (const m of ['full','sub']) { mode = m; for (let i = 0; i < 5; i++) await renderInvoicePdf(doc); }
const res: Record<string, number[]> = { full: [], sub: [] };
let sz: Record<string, number> = {};
for (let r = 0; r < 6; r++) for (const m of ['full', 'sub']) {
  mode = m; const t = cpu();
  for (let i = 0; i < 20; i++) sz[m] = (await renderInvoicePdf(doc)).length;
  res[m]!.push((cpu() - t) / 20);
}
for (const [m, v] of Object.entries(res)) console.log(m, v.map((x) => x.toFixed(1)).join(' '), sz[m]);
