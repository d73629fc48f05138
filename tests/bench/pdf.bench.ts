/**
 * Invoice PDF throughput: `npx tsx tests/bench/pdf.bench.ts [N]` (N invoices, default 200).
 *
 * Prints `pdf_render <value> invoices/s/core floor <floor> ratio <x>`:
 * - value: 8-line invoices rendered per second on one core (rendering is synchronous on the
 *   main thread: fontkit, layout and zlib, so one process = one core);
 * - floor: the same strings written by pdfkit with the same fonts as plain `doc.text` calls
 *   (no layout), measured in the same run;
 * - ratio: value / floor (1 = layout costs nothing).
 * Both are measured in interleaved rounds after a warm-up, so that load from other processes
 * affects them alike.
 */
import { renderInvoicePdf } from '@seatlease/billing-service/src/documents/invoice-pdf';
import { renderPlainTextPdf } from '@seatlease/billing-service/src/documents/plain-text-pdf';
import { sampleInvoiceDocument } from '@seatlease/billing-service/src/documents/sample-invoice';

const ROUNDS = 4;

function parseCount(): number {
  const arg = process.argv.slice(2).find((a) => /^\d+$/.test(a) || a.startsWith('--n='));
  const raw = arg?.replace('--n=', '') ?? process.env.PDF_BENCH_N ?? '200';
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < ROUNDS) throw new Error(`N must be an integer >= ${ROUNDS}, got ${raw}`);
  return n;
}

async function main(): Promise<void> {
  const n = parseCount();
  const doc = sampleInvoiceDocument(8);
  const warmup = Math.min(10, n);
  for (let i = 0; i < warmup; i++) {
    await renderInvoicePdf(doc);
    await renderPlainTextPdf(doc);
  }

  let renderMs = 0;
  let floorMs = 0;
  let bytes = 0;
  let done = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const count = Math.floor((n * (round + 1)) / ROUNDS) - done;
    done += count;
    let t = performance.now();
    for (let i = 0; i < count; i++) await renderPlainTextPdf(doc);
    floorMs += performance.now() - t;
    t = performance.now();
    for (let i = 0; i < count; i++) bytes = (await renderInvoicePdf(doc)).length;
    renderMs += performance.now() - t;
  }

  const value = (n * 1000) / renderMs;
  const floor = (n * 1000) / floorMs;
  process.stderr.write(
    `${n} invoices: ${(renderMs / n).toFixed(1)} ms/invoice (floor ${(floorMs / n).toFixed(1)} ms), ` +
      `${(bytes / 1024).toFixed(1)} KB each\n`,
  );
  console.log(`pdf_render ${value.toFixed(1)} invoices/s/core floor ${floor.toFixed(1)} ratio ${(value / floor).toFixed(2)}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
