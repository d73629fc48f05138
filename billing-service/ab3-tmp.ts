import { renderInvoicePdf } from './src/documents/invoice-pdf';
import * as fonts from './src/documents/fonts';
import { sampleInvoiceDocument } from './src/documents/sample-invoice';
import { createHash } from 'node:crypto';
const full = fonts.documentFonts() as any;
function cacheLayout(font: any, max = 10000) {
  const orig = font.layout.bind(font);
  const cache = new Map<string, any>();
  const plain = font.layout;
  const cached = (text: string, ...rest: unknown[]) => {
    if (rest.length > 0 && rest.some((r) => r !== undefined)) return orig(text, ...rest);
    let run = cache.get(text);
    if (run === undefined) {
      run = orig(text);
      if (cache.size >= max) cache.delete(cache.keys().next().value);
      cache.set(text, run);
    }
    const copy = Object.create(Object.getPrototypeOf(run));
    Object.assign(copy, run);
    copy.positions = run.positions.map((p: any) => ({ ...p }));
    return copy;
  };
  return { on: () => { font.layout = cached; }, off: () => { delete font.layout; } };
}
const a = cacheLayout(full.regular), b = cacheLayout(full.bold);
const doc = sampleInvoiceDocument(8);
function cpu() { const u = process.cpuUsage(); return (u.user + u.system) / 1000; }
const res: Record<string, number[]> = { plain: [], cached: [] };
const hashes: Record<string, string> = {};
for (const m of ['plain', 'cached']) { m === 'cached' ? (a.on(), b.on()) : (a.off(), b.off()); for (let i = 0; i < 5; i++) hashes[m] = createHash('md5').update(await renderInvoicePdf(doc)).digest('hex'); }
for (let r = 0; r < 6; r++) for (const m of ['plain', 'cached']) {
  m === 'cached' ? (a.on(), b.on()) : (a.off(), b.off());
  const t = cpu();
  for (let i = 0; i < 20; i++) await renderInvoicePdf(doc);
  res[m]!.push((cpu() - t) / 20);
}
for (const [m, v] of Object.entries(res)) console.log(m, v.map((x) => x.toFixed(1)).join(' '), hashes[m]);
