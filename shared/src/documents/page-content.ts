/**
 * pdfkit writes each content operator (`BT`, `1 0 0 1 40 793.45 Tm`, `[<0001…> 28 …] TJ`, …) to
 * the page's content stream as its own little byte array, each copied again into one at the
 * end of the document: a line of text is seven of them. For a bill of ~1,200 operators that was
 * a tenth of its CPU with the garbage it leaves (docs/benchmarks.md, "Invoice PDF").
 * `batchPageContent` has each page of a document keep its operators as one string, turned into
 * bytes once when the page is ended — the same bytes (pdfkit writes each operator's characters
 * as their low byte and a newline after it, as Latin-1 encoding does), the same stream.
 */

/** The parts of pdfkit's PDFPage this uses (not typed by @types/pdfkit). */
interface PageInternals {
  content: { write(chunk: unknown): unknown };
  write(chunk: unknown): unknown;
  end(): unknown;
}

/** From now on, every page of `pdf` (the current one and those added later) batches its operators. */
export function batchPageContent(pdf: PDFKit.PDFDocument): void {
  batch(pdf.page as unknown as PageInternals);
  pdf.on('pageAdded', () => batch(pdf.page as unknown as PageInternals));
}

function batch(page: PageInternals): void {
  const content = page.content;
  const end = page.end.bind(page);
  let pending = '';
  const flush = (): void => {
    if (pending === '') return;
    content.write(Buffer.from(pending, 'latin1'));
    pending = '';
  };
  page.write = (chunk: unknown) => {
    if (typeof chunk === 'string') {
      pending += `${chunk}\n`;
      return;
    }
    flush();
    return content.write(chunk);
  };
  page.end = () => {
    flush();
    return end();
  };
}
