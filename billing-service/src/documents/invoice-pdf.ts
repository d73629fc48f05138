/**
 * Bill (账单 / 付款通知书) and credit-note PDFs (SPEC §9): A4, bilingual (Chinese first), the line table with
 * clause and formula, the VAT part, the total in figures and in 大写, the due date and Party A's
 * bank details. Long invoices break across pages with the table header repeated and
 * 「第 n 页 / 共 N 页」 page numbers.
 *
 * The renderer is a pure function of the document: it computes nothing about billing, it only
 * checks that the document adds up (lines sum to the total) and lays it out. Credit notes are
 * printed 红字 (title and amounts in red); their amounts are printed with the sign they carry
 * (a credit note's lines and total are expected to be negative).
 *
 * Neither is a fapiao (发票): a fapiao is issued only through the tax authority's platform, and
 * is requested separately (see fapiao/). Nothing printed here may claim to be one; the word 发票
 * appears only where the document says how its fapiao stands.
 *
 * Output is deterministic: the PDF's creation date is the issue date, and pdfkit's font subset
 * tags do not depend on randomness, so the same document always gives the same bytes.
 */
import PDFDocument from 'pdfkit';
import { LRUCache } from 'lru-cache';
import type { InvoiceLine } from '@seatlease/shared/src/billing-facts';
import { assertFen, formatYuan, sumFen } from '@seatlease/shared/src/money';
import { assert } from '@seatlease/shared/src/assert';
import { toChineseCapitalAmount } from '@seatlease/shared/src/chinese-amount';
import { CLAUSES_PATH } from '@seatlease/shared/src/clause-links';
import { defaultDocumentFont, glyphsUsed, registerDocumentFonts, type GlyphBase } from '@seatlease/shared/src/documents/fonts';
import { batchPageContent } from '@seatlease/shared/src/documents/page-content';

export interface PartyA {
  name: string;
  address: string;
  taxId: string;
  bankName: string;
  bankAccount: string;
  phone?: string;
}

export interface BuyerProfile {
  title: string;
  taxId: string;
  address: string | null;
  phone: string | null;
  bankName: string | null;
  bankAccount: string | null;
}

export interface InvoiceDocument {
  kind: 'invoice' | 'credit_note';
  /** `INV-2027-000001` or `CN-2027-000001`. */
  number: string;
  invoiceKind?: 'opening' | 'monthly' | 'final' | 'supplementary';
  /** `YYYY-MM`. */
  period: string;
  issuedOn: string;
  dueDate: string | null;
  contractId: string;
  /** `HT-2027-000001`, when known: printed beside the contract's id. */
  contractNumber?: string | null;
  partyA: PartyA;
  tenant: {
    name: string;
    billingEmails: string[];
    /** 开票信息, when the tenant has one: printed in the Party B block. */
    invoicingProfile?: BuyerProfile | null;
  };
  lines: InvoiceLine[];
  totalFen: number;
  /** The VAT part of `taxableFen` (SPEC §2: revenue only). */
  taxFen: number;
  vatRateBp: number;
  /** Sum of the taxable lines, VAT included; when absent the whole total (a document of revenue only). */
  taxableFen?: number;
  /** Sum of the deposit lines: money held, no VAT; printed on its own row when not zero. */
  depositFen?: number;
  /** Credit moved to or from the tenant's balance: no VAT; printed on its own row when not zero. */
  creditCarriedFen?: number;
  /** Credit notes: the invoice they correct, and why. */
  creditedInvoiceNumber?: string;
  reason?: string;
  /**
   * How the document's fapiao stands (it is requested from the tax platform separately): absent
   * or null = not issued yet; else the fapiao's number and date as finance recorded them.
   */
  fapiao?: { number: string; issuedOn: string } | 'not_required' | null;
  /** E.g. calendar fallback notes; printed small at the bottom. */
  warnings?: string[];
}

// ---------------------------------------------------------------------------------------------
// Page geometry and style (points; A4 = 595.28 × 841.89)

const PAGE_W = 595.28;
const PAGE_H = 841.89;
const MARGIN_X = 40;
const MARGIN_TOP = 38;
const CONTENT_W = PAGE_W - 2 * MARGIN_X;
/** Content never goes below this line; the footer lives under it. */
const CONTENT_BOTTOM = PAGE_H - 54;
const FOOTER_Y = PAGE_H - 36;
/** Height of the running header on continuation pages. */
const CONTINUATION_H = 26;
const TABLE_HEADER_H = 25;
/** The room for rows under the table header on a continuation page. */
const MAX_ROW_H = CONTENT_BOTTOM - (MARGIN_TOP + CONTINUATION_H + TABLE_HEADER_H);

const REGULAR = 'NotoSansSC-Regular';
const BOLD = 'NotoSansSC-Bold';

const INK = '#1b1b1b';
const MUTED = '#6a6a6a';
const RULE = '#9a9a9a';
const HAIRLINE = '#dcdcdc';
const FILL = '#f1f3f6';
const NAVY = '#1f3a5f';
const ZEBRA = '#fafbfc';
const RED = '#c00000';

/** The bill's page, fonts and colours, for the other documents printed in its style (issue 16). */
export const DOCUMENT_STYLE = { PAGE_W, PAGE_H, MARGIN_X, MARGIN_TOP, CONTENT_W, CONTENT_BOTTOM, FOOTER_Y, REGULAR, BOLD, INK, MUTED, RULE, HAIRLINE, FILL, NAVY, ZEBRA } as const;

const LINE_GAP = 1;
const CELL_PAD_X = 4;
const CELL_PAD_Y = 3.5;

type Align = 'left' | 'right' | 'center';

interface Column {
  zh: string;
  en: string;
  width: number;
  align: Align;
}

/** The line table. Widths add up to CONTENT_W (515.28). */
const COLUMNS = {
  no: { zh: '序号', en: 'No.', width: 26, align: 'center' },
  description: { zh: '项目', en: 'Description', width: 122, align: 'left' },
  period: { zh: '期间', en: 'Period', width: 38, align: 'center' },
  clause: { zh: '条款', en: 'Clause', width: 34, align: 'center' },
  formula: { zh: '计算', en: 'Formula', width: 129.28, align: 'left' },
  quantity: { zh: '数量', en: 'Qty', width: 34, align: 'right' },
  unit: { zh: '单价', en: 'Unit price', width: 60, align: 'right' },
  amount: { zh: '金额', en: 'Amount', width: 72, align: 'right' },
} satisfies Record<string, Column>;

type ColumnKey = keyof typeof COLUMNS;
const COLUMN_ORDER: ColumnKey[] = ['no', 'description', 'period', 'clause', 'formula', 'quantity', 'unit', 'amount'];

const KIND_LABEL: Record<NonNullable<InvoiceDocument['invoiceKind']>, string> = {
  opening: '首期 / Opening',
  monthly: '月度 / Monthly',
  final: '结算 / Final',
  supplementary: '补充 / Supplementary',
};

// ---------------------------------------------------------------------------------------------

/** Renders the invoice or credit note as a PDF. */
export async function renderInvoicePdf(doc: InvoiceDocument): Promise<Buffer> {
  validate(doc);
  const pdf = newPdf(doc);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  const base = glyphBaseFor(doc);
  registerDocumentFonts(pdf, FONT_NAMES, base);
  batchPageContent(pdf);
  new InvoiceLayout(pdf, doc, base).render();
  pdf.end();
  return done;
}

const FONT_NAMES = { regular: REGULAR, bold: BOLD };

function newPdf(doc: InvoiceDocument): PDFKit.PDFDocument {
  const issued = new Date(`${doc.issuedOn}T00:00:00+08:00`);
  return new PDFDocument({
    size: 'A4',
    font: defaultDocumentFont(),
    margins: { top: MARGIN_TOP, bottom: PAGE_H - CONTENT_BOTTOM, left: MARGIN_X, right: MARGIN_X },
    bufferPages: true,
    lang: 'zh-CN',
    displayTitle: true,
    info: {
      Title: `${doc.kind === 'credit_note' ? '账单冲减通知 Credit note' : '账单 Bill'} ${doc.number}`,
      Author: doc.partyA.name,
      Subject: `${doc.contractId} ${doc.period}`,
      Creator: 'SeatLease',
      Producer: 'SeatLease',
      CreationDate: issued,
      ModDate: issued,
    },
  });
}

/**
 * The glyphs every bill (or every credit note) of one issuer prints — the labels, Party A's
 * name, address and bank, figures — are the same in each: each document's font subsets start
 * with them, and their part of the font files is deflated once per process (shared/src/
 * documents/fonts.ts, `registerDocumentFonts`). They are the glyphs of a template copy of the
 * kind and issuer, with fixed placeholders for everything else, so that what a document's bytes
 * are depends only on the document, never on what was rendered before it. Kept by kind and
 * issuer, a bounded number.
 */
const GLYPH_BASES = 16;
const glyphBases = new LRUCache<string, GlyphBase>({ max: GLYPH_BASES });
let glyphBaseOn = true;

/** Tests: `false` renders with subsets as pdfkit makes them, glyphs in the order first printed. */
export function useGlyphBase(on: boolean): void {
  glyphBaseOn = on;
}

let fragmentReplay = true;

/** Tests: `false` has pdfkit write every line (`_fragment`), none from kept operators (see FRAGMENTS). */
export function useFragmentMemo(on: boolean): void {
  fragmentReplay = on;
}

function glyphBaseFor(doc: InvoiceDocument): GlyphBase | undefined {
  if (!glyphBaseOn) return undefined;
  const key = JSON.stringify([doc.kind, doc.partyA]);
  let base = glyphBases.get(key);
  if (base === undefined) {
    const template = templateOf(doc);
    const pdf = newPdf(template);
    registerDocumentFonts(pdf, FONT_NAMES);
    new InvoiceLayout(pdf, template).render();
    base = glyphsUsed(pdf, FONT_NAMES);
    // the template is never ended: none of it is written anywhere
    glyphBases.set(key, base);
  }
  return base;
}

/** A copy of the document's kind and issuer with one line and fixed placeholders (all ten figures). */
function templateOf(doc: InvoiceDocument): InvoiceDocument {
  const sign = doc.kind === 'credit_note' ? -1 : 1;
  const amountFen = sign * 123_456_789;
  const line: InvoiceLine = {
    code: 'rent',
    description: '坐席月租 / Seat rent',
    quantity: 10,
    unitAmountFen: amountFen,
    amountFen,
    period: '2000-01',
    clause: '§4.1',
    formula: '10 坐席 × ¥1,234,567.89',
    ref: 'template',
  };
  return {
    kind: doc.kind,
    number: doc.kind === 'credit_note' ? 'CN-2000-000000' : 'INV-2000-000000',
    invoiceKind: doc.kind === 'credit_note' ? undefined : 'monthly',
    period: '2000-01',
    issuedOn: '2000-01-01',
    dueDate: doc.kind === 'credit_note' ? null : '2000-01-01',
    contractId: '00000000-0000-0000-0000-000000000000',
    partyA: doc.partyA,
    tenant: { name: '—', billingEmails: [] },
    lines: [line],
    totalFen: amountFen,
    taxFen: sign * 6_987_555,
    vatRateBp: 600,
    creditedInvoiceNumber: doc.kind === 'credit_note' ? 'INV-2000-000000' : undefined,
  };
}

function validate(doc: InvoiceDocument): void {
  const prefix = doc.kind === 'credit_note' ? 'CN' : 'INV';
  assert(new RegExp(`^${prefix}-\\d{4}-\\d{6}$`).test(doc.number), `bad ${doc.kind} number ${doc.number}`);
  assert(/^\d{4}-\d{2}$/.test(doc.period), `bad period ${doc.period}`);
  assert(/^\d{4}-\d{2}-\d{2}$/.test(doc.issuedOn), `bad issue date ${doc.issuedOn}`);
  assert(doc.dueDate === null || /^\d{4}-\d{2}-\d{2}$/.test(doc.dueDate), `bad due date ${doc.dueDate}`);
  assertFen(doc.totalFen, 'total');
  assertFen(doc.taxFen, 'tax');
  if (doc.taxableFen !== undefined) {
    const parts = doc.taxableFen + (doc.depositFen ?? 0) + (doc.creditCarriedFen ?? 0);
    assert(parts === doc.totalFen, `${doc.number}: taxable, deposit and carried parts sum to ${parts}, total is ${doc.totalFen}`);
  }
  assert(Number.isSafeInteger(doc.vatRateBp) && doc.vatRateBp >= 0, `bad VAT rate ${doc.vatRateBp}`);
  for (const line of doc.lines) {
    assertFen(line.amountFen, `line ${line.ref} amount`);
    assertFen(line.unitAmountFen, `line ${line.ref} unit amount`);
  }
  if (doc.lines.length > 0) {
    const sum = sumFen(doc.lines.map((l) => l.amountFen));
    assert(sum === doc.totalFen, `${doc.number}: lines sum to ${sum}, total is ${doc.totalFen}`);
  }
}

/** `600` → `6%`, `650` → `6.5%`. */
export function formatVatRate(bp: number): string {
  return `${bp / 100}%`;
}

/** One formatter for the process: `toLocaleString` builds a new one per call (docs/benchmarks.md, "Invoice PDF"). */
const QUANTITY_FORMAT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 4 });

function formatQuantity(q: number): string {
  return QUANTITY_FORMAT.format(q);
}

/**
 * `坐席月租 / Seat rent` → [`坐席月租`, `Seat rent`]: the English part starts at the first slash
 * followed by a space and a Latin letter; text without one is all Chinese.
 */
export function splitDescription(description: string): [string, string] {
  const m = /\s*\/\s+(?=[A-Za-z])/.exec(description);
  if (m === null) return [description, ''];
  return [description.slice(0, m.index).trim(), description.slice(m.index + m[0].length).trim()];
}

/**
 * The lines pdfkit's LineWrapper cuts a text into, and their height, by font, size, width and
 * text (the fonts never change in a process; alignment moves a line, never where it breaks).
 * A text is wrapped once: measuring it (a row before it is drawn, the closing block before and
 * while it is placed) and drawing it take the same lines, and the same labels are written in
 * every document, so the lines are kept across documents, a bounded number of texts (the
 * least recently used are forgotten first: the texts unique to one bill go, the labels every
 * bill prints stay). Wrapping was a fifth of a PDF's CPU and measuring by
 * `heightOfString` wrapped every text once more (docs/benchmarks.md, "Invoice PDF"). The lines
 * are written one by one with pdfkit's own `_fragment`, with the options the wrapper gives
 * them, so the bytes are those of `pdf.text` (billing-service/test/documents/fonts.test.ts).
 */
const WRAPPED_TEXTS = 20_000;
interface WrappedLine {
  text: string;
  textWidth: number;
  wordCount: number;
  lineWidth: number;
}
interface WrappedText {
  lines: WrappedLine[];
  /** What `heightOfString` answers: one line height and gap per line. */
  height: number;
}
const wrappedTexts = new LRUCache<string, WrappedText>({ max: WRAPPED_TEXTS });
/** Off: every text measured by `heightOfString` and written by `pdf.text`, pdfkit's own way (tests). */
let replayLines = true;

/** Forgets the texts wrapped so far (tests). */
export function clearLayoutMemo(): void {
  wrappedTexts.clear();
}

/** Tests: `false` renders as pdfkit would unaided, to compare the bytes of the replay against. */
export function useLayoutMemo(on: boolean): void {
  replayLines = on;
  wrappedTexts.clear();
}

/** The parts of pdfkit's text pipeline the replay calls (JavaScript methods of PDFDocument, not typed). */
interface PdfTextInternals {
  x: number;
  y: number;
  page: { height: number; maxY(): number; fonts: Record<string, unknown> };
  _font: { id: string; ascender: number; ref(): unknown };
  _fontSize: number;
  _initOptions(x: number, y: number, options: object): FragmentOptions;
  _text(text: string, x: number, y: number, options: object, line: (text: string, options: Record<string, number>, wrapper: unknown) => void): void;
  _fragment(text: string, x: number, y: number, options: object): void;
  addContent(operators: string): unknown;
  currentLineHeight(includeGap?: boolean): number;
  widthOfString(text: string, options?: object): number;
}

type FragmentOptions = Record<string, unknown> & { align?: string; textWidth?: number; wordCount?: number; lineWidth?: number };

/**
 * The operators pdfkit's `_fragment` writes for a line, by everything they depend on but its
 * place: `q`, the flip, `BT`, the text matrix (the place), the font, the glyph runs (`TJ`, the
 * glyphs by their number in the document's subset, with kerning), `ET`, `Q`. A line made only of
 * glyphs of the document's glyph base has the same glyph numbers in every document with that
 * base, so its operators are kept per base (FRAGMENTS of them at most, the least recently used
 * forgotten first) and written again with the new place: what pdfkit does for it besides — shaping each
 * word, the subset's bookkeeping, formatting the runs — was a quarter of writing a bill
 * (docs/benchmarks.md, "Invoice PDF"). A line is kept only when writing it again at the place
 * pdfkit wrote it gives pdfkit's operators exactly; the subset's widths and ToUnicode entries of
 * base glyphs are filled in when the font is embedded (shared/src/documents/fonts.ts).
 */
const FRAGMENTS = 5_000;
interface Fragment {
  /** Operators before and after the text matrix. */
  before: string;
  after: string;
  /** What alignment adds to x, and the baseline's drop (pdfkit's sums, kept as numbers). */
  shift: number;
  dy: number;
}
const fragmentsByBase = new WeakMap<GlyphBase, LRUCache<string, Fragment>>();

/** As pdfkit formats a number in content (PDFObject.number). */
function pdfNumber(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

interface TextStyle {
  font?: string;
  size: number;
  color?: string;
  align?: Align;
}

interface RowCell {
  /** Main text (Chinese / figures). */
  text: string;
  /** Optional second line in small grey (English). */
  sub?: string;
  style?: Partial<TextStyle>;
}

class InvoiceLayout {
  private y = MARGIN_TOP;
  private readonly credit: boolean;
  private readonly accent: string;
  private readonly amountColor: string;

  /** This document's kept fragments (null: no glyph base), and each font's base glyph count. */
  private readonly fragments: LRUCache<string, Fragment> | null;
  private readonly baseGlyphs = new Map<string, number>();

  constructor(
    private readonly pdf: PDFKit.PDFDocument,
    private readonly doc: InvoiceDocument,
    base?: GlyphBase,
  ) {
    this.fragments = null;
    if (base !== undefined && fragmentReplay) {
      let fragments = fragmentsByBase.get(base);
      if (fragments === undefined) fragmentsByBase.set(base, (fragments = new LRUCache({ max: FRAGMENTS })));
      this.fragments = fragments;
      // before anything is written, each subset holds .notdef and the base's glyphs
      const used = glyphsUsed(pdf, FONT_NAMES);
      for (const [name, glyphs] of [[REGULAR, used.regular], [BOLD, used.bold]] as const) {
        this.baseGlyphs.set((pdf.font(name) as unknown as PdfTextInternals)._font.id, glyphs.length + 1);
      }
    }
    this.credit = doc.kind === 'credit_note';
    this.accent = this.credit ? RED : NAVY;
    this.amountColor = this.credit ? RED : INK;
    // a new page starts with the default colour, whoever adds it (we, or pdfkit on overflow)
    pdf.on('pageAdded', () => {
      this.fill = null;
    });
  }

  render(): void {
    this.title();
    this.infoGrid();
    this.parties();
    this.table(this.closingHeight());
    this.closing();
    this.footers();
  }

  // -- primitives ------------------------------------------------------------------------------

  /**
   * The fill colour last written to the current page's content stream (null: not known, e.g.
   * on a page just begun or switched to). pdfkit writes a colour operator at every
   * `fillColor` call; text is written in runs of the same colour, so most were repeats.
   */
  private fill: string | null = null;

  private style(s: TextStyle): void {
    this.pdf.font(s.font ?? REGULAR).fontSize(s.size);
    const color = s.color ?? INK;
    if (color !== this.fill) {
      this.pdf.fillColor(color);
      this.fill = color;
    }
  }

  /** The height `text` takes in `width` (nothing is written: font and size are set, not the colour). */
  private heightOf(text: string, width: number, s: TextStyle): number {
    if (text === '') return 0;
    if (!replayLines) {
      this.pdf.font(s.font ?? REGULAR).fontSize(s.size);
      return this.pdf.heightOfString(text, { width, lineGap: LINE_GAP });
    }
    return this.wrap(text, width, s).height;
  }

  /** The lines of `text` in `width` (see WRAPPED_TEXTS); sets font and size when it wraps. */
  private wrap(text: string, width: number, s: TextStyle): WrappedText {
    const font = s.font ?? REGULAR;
    const key = `${font}\u0000${s.size}\u0000${width}\u0000${text}`;
    let wrapped = wrappedTexts.get(key);
    if (wrapped === undefined) {
      const pdf = this.pdf as unknown as PdfTextInternals;
      this.pdf.font(font).fontSize(s.size);
      const { x, y } = pdf;
      const step = pdf.currentLineHeight(true) + LINE_GAP;
      const lines: WrappedLine[] = [];
      let bottom = y;
      // as heightOfString wraps: no height limit, so no page is begun and every line is emitted
      pdf._text(text, x, y, { width, lineGap: LINE_GAP, height: Infinity }, (line, o) => {
        lines.push({ text: line, textWidth: o.textWidth!, wordCount: o.wordCount!, lineWidth: o.lineWidth! });
        bottom += step;
      });
      pdf.x = x;
      pdf.y = y;
      wrapped = { lines, height: bottom - y };
      wrappedTexts.set(key, wrapped);
    }
    return wrapped;
  }

  /** Writes wrapped text and returns its height; `maxHeight` clips it with an ellipsis. */
  private write(text: string, x: number, y: number, width: number, s: TextStyle, maxHeight?: number): number {
    if (text === '') return 0;
    const wrapped = replayLines ? this.wrap(text, width, s) : undefined;
    this.style(s);
    const options: PDFKit.Mixins.TextOptions = { width, lineGap: LINE_GAP, align: s.align ?? 'left' };
    if (maxHeight !== undefined && (wrapped?.height ?? this.pdf.heightOfString(text, options)) > maxHeight) {
      if (maxHeight <= 0) return 0;
      this.pdf.text(text, x, y, { ...options, height: maxHeight, ellipsis: true });
      return maxHeight;
    }
    const pdf = this.pdf as unknown as PdfTextInternals;
    const step = pdf.currentLineHeight(true) + LINE_GAP;
    // Replayed only where the wrapper would not begin a new page (with room for one more line,
    // to be safe); else pdfkit wraps it and breaks the page itself.
    if (wrapped !== undefined && y + (wrapped.lines.length + 1) * step <= pdf.page.maxY()) {
      const o = pdf._initOptions(x, y, options);
      for (const line of wrapped.lines) {
        o.textWidth = line.textWidth;
        o.wordCount = line.wordCount;
        o.lineWidth = line.lineWidth;
        this.fragment(line.text, pdf.x, pdf.y, o);
        pdf.y += step;
      }
      pdf.x = x;
    } else {
      this.pdf.text(text, x, y, options);
    }
    // pdfkit leaves the cursor under the last line: the same height heightOfString measures
    return this.pdf.y - y;
  }

  /** `pdf._fragment(text, x, y, o)`, from the operators kept for it when it has some (see FRAGMENTS). */
  private fragment(text: string, x: number, y: number, o: FragmentOptions): void {
    const pdf = this.pdf as unknown as PdfTextInternals;
    const fragments = this.fragments;
    const align = o.align ?? 'left';
    if (fragments === null || (align !== 'left' && align !== 'right' && align !== 'center') || text.includes('\n')) {
      pdf._fragment(text, x, y, o);
      return;
    }
    const font = pdf._font;
    const key = `${font.id}\u0000${pdf._fontSize}\u0000${pdf.page.height}\u0000${align}\u0000${o.lineWidth}\u0000${o.textWidth}\u0000${o.wordCount}\u0000${text}`;
    const kept = fragments.get(key);
    if (kept !== undefined) {
      if (pdf.page.fonts[font.id] == null) pdf.page.fonts[font.id] = font.ref();
      pdf.addContent(`${kept.before}\n${this.textMatrix(kept, x, y)}\n${kept.after}`);
      return;
    }
    // written by pdfkit, its operators recorded
    const written: string[] = [];
    const addContent = pdf.addContent;
    pdf.addContent = (operators: string) => {
      written.push(operators);
      return addContent.call(pdf, operators);
    };
    try {
      pdf._fragment(text, x, y, o);
    } finally {
      delete (pdf as Partial<PdfTextInternals>).addContent; // the prototype's again
    }
    const lineWidth = o.lineWidth ?? 0;
    const shift =
      align === 'right' ? lineWidth - pdf.widthOfString(text.replace(/\s+$/, ''), o) : align === 'center' ? lineWidth / 2 - (o.textWidth ?? 0) / 2 : 0;
    const fragment: Fragment = { before: '', after: '', shift, dy: (font.ascender / 1000) * pdf._fontSize };
    const matrices = written.filter((w) => w.startsWith('1 0 0 1 ') && w.endsWith(' Tm'));
    const at = written.indexOf(this.textMatrix(fragment, x, y));
    if (matrices.length !== 1 || at < 0 || !this.onlyBaseGlyphs(written, font.id)) return;
    fragment.before = written.slice(0, at).join('\n');
    fragment.after = written.slice(at + 1).join('\n');
    fragments.set(key, fragment);
  }

  /** The text matrix `_fragment` writes for a line placed at x, y (default baseline). */
  private textMatrix(f: Fragment, x: number, y: number): string {
    const pdf = this.pdf as unknown as PdfTextInternals;
    return `1 0 0 1 ${pdfNumber(x + f.shift)} ${pdfNumber(pdf.page.height - y - f.dy)} Tm`;
  }

  /** Whether every glyph in the runs is one of the font's base glyphs (the same number in every document). */
  private onlyBaseGlyphs(written: string[], fontId: string): boolean {
    const count = this.baseGlyphs.get(fontId);
    if (count === undefined) return false;
    for (const w of written) {
      if (!w.endsWith(' TJ')) continue;
      for (const m of w.matchAll(/<([0-9a-f]*)>/g)) {
        const hex = m[1]!;
        if (hex.length % 4 !== 0) return false;
        for (let i = 0; i < hex.length; i += 4) if (parseInt(hex.slice(i, i + 4), 16) >= count) return false;
      }
    }
    return true;
  }

  private hline(x1: number, x2: number, y: number, color = RULE, width = 0.6): void {
    this.pdf.save().moveTo(x1, y).lineTo(x2, y).lineWidth(width).strokeColor(color).stroke().restore();
  }

  private box(x: number, y: number, w: number, h: number, stroke = RULE, fill?: string): void {
    this.pdf.save().lineWidth(0.6);
    if (fill !== undefined) this.pdf.rect(x, y, w, h).fillAndStroke(fill, stroke);
    else this.pdf.rect(x, y, w, h).strokeColor(stroke).stroke();
    this.pdf.restore();
  }

  private vline(x: number, y1: number, y2: number, color = RULE, width = 0.6): void {
    this.pdf.save().moveTo(x, y1).lineTo(x, y2).lineWidth(width).strokeColor(color).stroke().restore();
  }

  private fillRect(x: number, y: number, w: number, h: number, fill: string): void {
    this.pdf.save().rect(x, y, w, h).fill(fill).restore();
  }

  private newPage(): void {
    this.pdf.addPage();
    this.y = MARGIN_TOP;
    this.continuationHeader();
  }

  /** Starts a new page when `height` does not fit under the cursor. */
  private ensureSpace(height: number): void {
    if (this.y + height > CONTENT_BOTTOM) this.newPage();
  }

  // -- first page ------------------------------------------------------------------------------

  private title(): void {
    const zh = this.credit ? '账单冲减通知' : '账单 / 付款通知书';
    const en = this.credit ? 'CREDIT NOTE' : 'BILL / PAYMENT NOTICE';
    const top = this.y;
    this.write(zh, MARGIN_X, top - 3, CONTENT_W, { font: BOLD, size: 20, color: this.accent, align: 'center' });
    // no letter-spacing: pdf.js would extract it as "B I L L"
    this.write(en, MARGIN_X, top + 24, CONTENT_W, { size: 9, color: this.accent, align: 'center' });
    // the double rule under the title, as on Chinese business documents
    const half = 70;
    this.hline(PAGE_W / 2 - half, PAGE_W / 2 + half, top + 40, this.accent, 1.2);
    this.hline(PAGE_W / 2 - half, PAGE_W / 2 + half, top + 42.6, this.accent, 0.6);
    // letterhead: issuer top-left, number top-right
    this.write(this.doc.partyA.name, MARGIN_X, top + 4, 180, { font: BOLD, size: 9 });
    this.write(this.doc.partyA.address, MARGIN_X, top + 17, 180, { size: 6.8, color: MUTED });
    this.write(this.doc.number, PAGE_W - MARGIN_X - 180, top + 4, 180, {
      font: BOLD,
      size: 10,
      color: this.accent,
      align: 'right',
    });
    this.write(`出具日期 Issued ${this.doc.issuedOn}`, PAGE_W - MARGIN_X - 180, top + 18, 180, {
      size: 6.8,
      color: MUTED,
      align: 'right',
    });
    this.y = top + 54;
  }

  private infoGrid(): void {
    const d = this.doc;
    const pairs: Array<[string, string, string]> = [
      ['账单编号', 'Bill No.', d.number],
      ['合同编号', 'Contract', d.contractNumber ? `${d.contractNumber}\n${d.contractId}` : d.contractId],
      ['账期', 'Period', d.period],
      ['账单类型', 'Type', d.invoiceKind !== undefined ? KIND_LABEL[d.invoiceKind] : this.credit ? '红字 / Credit note' : '—'],
      ['出具日期', 'Issue date', d.issuedOn],
      ['付款期限', 'Due date', d.dueDate ?? '—'],
    ];
    if (this.credit) {
      pairs.push(['原账单编号', 'Original bill No.', d.creditedInvoiceNumber ?? '—']);
      pairs.push(['冲减原因', 'Reason', d.reason ?? '—']);
    }
    const labelW = 96;
    const colW = CONTENT_W / 2;
    const valueW = colW - labelW - 2 * CELL_PAD_X;
    const labelStyle: TextStyle = { size: 7.5, color: MUTED };
    const valueStyle: TextStyle = { font: BOLD, size: 8.5 };
    this.hline(MARGIN_X, MARGIN_X + CONTENT_W, this.y, RULE, 0.6);
    for (let i = 0; i < pairs.length; i += 2) {
      const row = [pairs[i], pairs[i + 1]];
      const h = Math.max(12, ...row.map((p) => (p === undefined ? 0 : this.heightOf(p[2], valueW, valueStyle)))) + 6;
      row.forEach((p, c) => {
        if (p === undefined) return;
        const x = MARGIN_X + c * colW;
        this.fillRect(x, this.y, labelW, h, FILL);
        this.write(`${p[0]}  ${p[1]}`, x + CELL_PAD_X + 2, this.y + 4, labelW - 2 * CELL_PAD_X, labelStyle);
        this.write(p[2], x + labelW + CELL_PAD_X + 2, this.y + 2.5, valueW, {
          ...valueStyle,
          color: p[0] === '付款期限' || p[0] === '原账单编号' ? this.accent : INK,
        });
      });
      this.y += h;
      this.hline(MARGIN_X, MARGIN_X + CONTENT_W, this.y, i + 2 >= pairs.length ? RULE : HAIRLINE, 0.6);
    }
    this.y += 10;
  }

  private parties(): void {
    const d = this.doc;
    const gap = 12;
    const w = (CONTENT_W - gap) / 2;
    const pad = 8;
    const labelW = 78;
    const valueW = w - 2 * pad - labelW;
    const a: Array<[string, string]> = [
      ['地址 Address', d.partyA.address],
      ['纳税人识别号 Tax ID', d.partyA.taxId],
    ];
    if (d.partyA.phone !== undefined && d.partyA.phone !== '') a.push(['电话 Phone', d.partyA.phone]);
    const b: Array<[string, string]> = [];
    const profile = d.tenant.invoicingProfile;
    if (profile) {
      if (profile.title !== d.tenant.name) b.push(['开票名称 Fapiao title', profile.title]);
      b.push(['纳税人识别号 Tax ID', profile.taxId]);
      const addressPhone = [profile.address, profile.phone].filter((v) => v !== null && v !== '').join('  ');
      if (addressPhone !== '') b.push(['地址电话 Address', addressPhone]);
      const bank = [profile.bankName, profile.bankAccount].filter((v) => v !== null && v !== '').join('  ');
      if (bank !== '') b.push(['开户行及账号 Bank account', bank]);
    }
    b.push(['账单邮箱 Billing email', d.tenant.billingEmails.join(', ') || '—']);
    b.push(['合同编号 Contract', d.contractNumber ?? d.contractId]);
    const blocks = [
      { zh: '甲方（收款方）', en: 'Party A · Payee', name: d.partyA.name, rows: a },
      { zh: '乙方（付款方）', en: 'Party B · Customer', name: d.tenant.name, rows: b },
    ];
    const headH = 15;
    const nameStyle: TextStyle = { font: BOLD, size: 9.5 };
    const labelStyle: TextStyle = { size: 7, color: MUTED };
    const valueStyle: TextStyle = { size: 8 };
    // A row is as tall as its value or its label, whichever wraps more.
    const rowH = (label: string, value: string): number => Math.max(11, this.heightOf(value, valueW, valueStyle), this.heightOf(label, labelW, labelStyle)) + 1.5;
    const measure = (blk: (typeof blocks)[number]): number =>
      this.heightOf(blk.name, w - 2 * pad, nameStyle) + 3 + blk.rows.reduce((sum, [l, v]) => sum + rowH(l, v), 0);
    const h = headH + 5 + Math.max(...blocks.map(measure)) + 4;
    blocks.forEach((blk, i) => {
      const x = MARGIN_X + i * (w + gap);
      this.box(x, this.y, w, h, RULE);
      this.fillRect(x + 0.3, this.y + 0.3, w - 0.6, headH, FILL);
      this.hline(x, x + w, this.y + headH, RULE);
      this.write(blk.zh, x + pad, this.y + 3, w - 2 * pad, { font: BOLD, size: 7.8, color: this.accent });
      this.write(blk.en, x + pad, this.y + 4, w - 2 * pad, { size: 6.8, color: MUTED, align: 'right' });
      let y = this.y + headH + 5;
      y += this.write(blk.name, x + pad, y, w - 2 * pad, nameStyle) + 3;
      for (const [label, value] of blk.rows) {
        this.write(label, x + pad, y + 1, labelW, labelStyle);
        this.write(value, x + pad + labelW, y, valueW, valueStyle);
        y += rowH(label, value);
      }
    });
    this.y += h + 12;
  }

  // -- the line table --------------------------------------------------------------------------

  private readonly headerStyle: TextStyle = { font: BOLD, size: 7.5, color: INK };
  private readonly headerSubStyle: TextStyle = { size: 6.5, color: MUTED };
  private readonly bodyStyle: TextStyle = { size: 8, color: INK };
  private readonly subStyle: TextStyle = { size: 6.8, color: MUTED };

  private tableHeader(): void {
    const h = TABLE_HEADER_H;
    this.fillRect(MARGIN_X, this.y, CONTENT_W, h, FILL);
    this.hline(MARGIN_X, MARGIN_X + CONTENT_W, this.y, this.accent, 1);
    let x = MARGIN_X;
    for (const key of COLUMN_ORDER) {
      const c: Column = COLUMNS[key];
      const w = c.width - 2 * CELL_PAD_X;
      this.write(c.zh, x + CELL_PAD_X, this.y + 3, w, { ...this.headerStyle, align: c.align });
      this.write(c.en, x + CELL_PAD_X, this.y + 13.5, w, { ...this.headerSubStyle, align: c.align });
      x += c.width;
    }
    this.y += h;
    this.hline(MARGIN_X, MARGIN_X + CONTENT_W, this.y, RULE, 0.6);
  }

  private lineCells(line: InvoiceLine, index: number): Record<ColumnKey, RowCell> {
    const [zh, en] = splitDescription(line.description);
    const cell: RowCell = { text: zh };
    if (en !== '') cell.sub = en;
    return {
      no: { text: String(index + 1), style: { color: MUTED } },
      description: cell,
      period: { text: line.period },
      clause: { text: line.clause },
      formula: { text: line.formula, style: { size: 7.3, color: '#333333' } },
      quantity: { text: formatQuantity(line.quantity) },
      unit: { text: formatYuan(line.unitAmountFen) },
      amount: { text: formatYuan(line.amountFen), style: { font: BOLD, color: this.amountColor } },
    };
  }

  /** The credit note without lines: one row that states what it corrects. */
  private placeholderCells(): Record<ColumnKey, RowCell> {
    const original = this.doc.creditedInvoiceNumber ?? '—';
    return {
      no: { text: '1', style: { color: MUTED } },
      description: { text: `冲减原账单 ${original}`, sub: `Credit against ${original}` },
      period: { text: this.doc.period },
      clause: { text: '§9' },
      formula: { text: this.doc.reason ?? '', style: { size: 7.3, color: '#333333' } },
      quantity: { text: '1' },
      unit: { text: formatYuan(this.doc.totalFen) },
      amount: { text: formatYuan(this.doc.totalFen), style: { font: BOLD, color: this.amountColor } },
    };
  }

  private cellStyle(cell: RowCell, col: Column): TextStyle {
    return { ...this.bodyStyle, ...cell.style, align: col.align };
  }

  private rowHeight(cells: Record<ColumnKey, RowCell>): number {
    let h = 0;
    for (const key of COLUMN_ORDER) {
      const col: Column = COLUMNS[key];
      const cell = cells[key];
      const w = col.width - 2 * CELL_PAD_X;
      let ch = this.heightOf(cell.text, w, this.cellStyle(cell, col));
      if (cell.sub !== undefined) ch += this.heightOf(cell.sub, w, { ...this.subStyle, align: col.align });
      h = Math.max(h, ch);
    }
    // a row never outgrows a page (its text is clipped then): pdfkit would break it on its own
    return Math.min(h + 2 * CELL_PAD_Y, MAX_ROW_H);
  }

  private drawRow(cells: Record<ColumnKey, RowCell>, h: number, shaded: boolean): void {
    if (shaded) this.fillRect(MARGIN_X, this.y, CONTENT_W, h, ZEBRA);
    let x = MARGIN_X;
    for (const key of COLUMN_ORDER) {
      const col: Column = COLUMNS[key];
      const cell = cells[key];
      const w = col.width - 2 * CELL_PAD_X;
      const top = this.y + CELL_PAD_Y;
      const bottom = this.y + h - CELL_PAD_Y;
      // only a row cut to the page height needs its cells clipped (and measured once more)
      const clipped = h >= MAX_ROW_H;
      const y = top + this.write(cell.text, x + CELL_PAD_X, top, w, this.cellStyle(cell, col), clipped ? bottom - top : undefined);
      if (cell.sub !== undefined) {
        this.write(cell.sub, x + CELL_PAD_X, y, w, { ...this.subStyle, align: col.align }, clipped ? bottom - y : undefined);
      }
      x += col.width;
    }
    this.y += h;
    this.hline(MARGIN_X, MARGIN_X + CONTENT_W, this.y, HAIRLINE, 0.5);
  }

  private table(closingHeight: number): void {
    const rows =
      this.doc.lines.length > 0
        ? this.doc.lines.map((line, i) => this.lineCells(line, i))
        : [this.placeholderCells()];
    const heights = rows.map((cells) => this.rowHeight(cells));
    // The closing block (totals, amount in words, payment, notes) stays on the page of the last
    // row, so that every page that has content also has the table header. When the closing
    // block is taller than a page can hold it flows on by itself.
    const pageRoom = MAX_ROW_H;
    const lastH = heights[heights.length - 1] ?? 0;
    const keepWithLast = closingHeight + lastH <= pageRoom ? closingHeight : 0;
    if (this.y + TABLE_HEADER_H + (heights[0] ?? 0) > CONTENT_BOTTOM) this.newPage();
    this.tableHeader();
    rows.forEach((cells, i) => {
      const h = heights[i] ?? 0;
      const need = h + (i === rows.length - 1 ? keepWithLast : 0);
      if (this.y + need > CONTENT_BOTTOM) {
        this.newPage();
        this.tableHeader();
      }
      this.drawRow(cells, h, i % 2 === 1);
    });
    this.hline(MARGIN_X, MARGIN_X + CONTENT_W, this.y, this.accent, 1);
  }

  // -- totals, amount in words, payment, notes -------------------------------------------------
  // Each closing section is a function that draws when `draw` is true and returns its height,
  // so the table can keep the closing block with its last row.

  private totals(draw: boolean): number {
    const d = this.doc;
    const subtotal = d.lines.length > 0 ? sumFen(d.lines.map((l) => l.amountFen)) : d.totalFen;
    const rate = formatVatRate(d.vatRateBp);
    // SPEC §2: a finance team books revenue (with its VAT) and the deposit to different
    // accounts, so each part has its own row; the tax is the VAT part of the taxable base only.
    const rows: Array<[string, string, string, boolean]> = [['小计', 'Subtotal', formatYuan(subtotal), false]];
    if (d.taxableFen !== undefined) rows.push(['应税金额（含税）', 'Taxable amount (VAT incl.)', formatYuan(d.taxableFen), false]);
    rows.push([`其中增值税 ${rate}（含税）`, `VAT ${rate} included`, formatYuan(d.taxFen), false]);
    if (d.depositFen) rows.push(['押金（不征增值税）', 'Deposit (no VAT)', formatYuan(d.depositFen), false]);
    if (d.creditCarriedFen) rows.push(['余额结转（不征增值税）', 'Balance carried (no VAT)', formatYuan(d.creditCarriedFen), false]);
    rows.push(['价税合计', 'Total (VAT incl.)', formatYuan(d.totalFen), true]);
    const rowH = 16;
    const height = 4 + rows.length * rowH + 6;
    if (!draw) return height;
    const w = 260;
    const x = MARGIN_X + CONTENT_W - w;
    const amountW = 100;
    let y = this.y + 4;
    for (const [zh, en, value, strong] of rows) {
      if (strong) {
        this.fillRect(x, y, w, rowH, FILL);
        this.hline(x, x + w, y, RULE, 0.6);
      }
      this.write(zh, x + 6, y + 2.5, w - amountW, { font: strong ? BOLD : REGULAR, size: 8.2 });
      const zhW = this.pdf.widthOfString(zh);
      this.write(en, x + 6 + zhW + 5, y + 4, w - amountW - zhW, { size: 6.8, color: MUTED });
      this.write(value, x + w - amountW - 6, y + (strong ? 1.5 : 2.5), amountW, {
        font: strong ? BOLD : REGULAR,
        size: strong ? 10 : 8.2,
        color: this.amountColor,
        align: 'right',
      });
      y += rowH;
    }
    return height;
  }

  /** 价税合计（大写） 人民币贰仟元整   （小写）¥2,000.00 */
  private amountInWords(draw: boolean): number {
    const h = 28;
    const height = h + 10;
    if (!draw) return height;
    const top = this.y;
    const labelW = 104;
    const figuresW = 150;
    this.box(MARGIN_X, top, CONTENT_W, h, this.credit ? RED : RULE);
    this.fillRect(MARGIN_X + 0.3, top + 0.3, labelW, h - 0.6, FILL);
    this.vline(MARGIN_X + labelW, top, top + h, RULE);
    this.write('价税合计（大写）', MARGIN_X + 8, top + 3.5, labelW - 12, { font: BOLD, size: 8.2 });
    this.write('Total in words', MARGIN_X + 8, top + 15, labelW - 12, { size: 6.8, color: MUTED });
    const wordsW = CONTENT_W - labelW - figuresW - 16;
    this.write(toChineseCapitalAmount(this.doc.totalFen), MARGIN_X + labelW + 10, top + 6.5, wordsW, {
      font: BOLD,
      size: 10.5,
      color: this.amountColor,
    });
    const fx = MARGIN_X + CONTENT_W - figuresW;
    this.write('（小写）', fx, top + 9, 44, { size: 7.5, color: MUTED });
    this.write(formatYuan(this.doc.totalFen), fx + 36, top + 6.5, figuresW - 44, {
      font: BOLD,
      size: 10.5,
      color: this.amountColor,
      align: 'right',
    });
    return height;
  }

  private payment(draw: boolean): number {
    const d = this.doc;
    const a = d.partyA;
    const rows: Array<[string, string]> = [
      ['户名 Account name', a.name],
      ['开户银行 Bank', a.bankName],
      ['账号 Account No.', a.bankAccount],
    ];
    const original = d.creditedInvoiceNumber ?? '—';
    // The one place the word 发票 is printed: how this document's fapiao stands.
    const fapiaoNote: [string, string] = d.fapiao === 'not_required'
      ? ['发票状态：本账单无销售收入（押金、结转余额不属于销售），不开具发票。', 'Fapiao status: none — nothing on this bill is a sale (deposits and credit carried are not).']
      : d.fapiao
      ? [`发票状态：已开具，发票号码 ${d.fapiao.number}（${d.fapiao.issuedOn}）。`, `Fapiao status: issued, No. ${d.fapiao.number} on ${d.fapiao.issuedOn}.`]
      : this.credit
        ? ['发票状态：本通知不是发票，红字发票另行开具。', 'Fapiao status: this note is not a fapiao; the red-letter fapiao is issued separately.']
        : ['发票状态：本账单不是发票，增值税发票另行开具。', 'Fapiao status: this bill is not a fapiao; the VAT fapiao is issued separately.'];
    const notes: Array<[string, string]> = this.credit
      ? [
          [`本通知冲减原账单 ${original}，冲减金额抵扣应付款项或予以退还。`, `This credit note reduces bill ${original}; the amount is set off against amounts due or refunded.`],
          fapiaoNote,
        ]
      : [
          [
            d.dueDate !== null ? `请于 ${d.dueDate} 前付款。` : '请按合同约定付款。',
            d.dueDate !== null ? `Please pay by ${d.dueDate}.` : 'Payable as agreed in the contract.',
          ],
          [`汇款时请注明账单编号 ${d.number}。`, `Please quote ${d.number} with your payment.`],
          fapiaoNote,
        ];
    const headH = 15;
    const pad = 8;
    const leftW = CONTENT_W * 0.55;
    const rightW = CONTENT_W - leftW;
    const labelW = 88;
    const valueW = leftW - labelW - 2 * pad;
    const noteW = rightW - 2 * pad;
    const valueStyle: TextStyle = { font: BOLD, size: 8.2 };
    const zhStyle: TextStyle = { font: BOLD, size: 7.8 };
    const enStyle: TextStyle = { size: 6.8, color: MUTED };
    const rowH = (v: string): number => Math.max(11, this.heightOf(v, valueW, valueStyle)) + 2;
    const noteH = ([zh, en]: [string, string]): number =>
      this.heightOf(zh, noteW, zhStyle) + this.heightOf(en, noteW, enStyle) + 3;
    const rowsH = rows.reduce((s, [, v]) => s + rowH(v), 0);
    const notesH = notes.reduce((s, n) => s + noteH(n), 0);
    const h = headH + 5 + Math.max(rowsH, notesH) + 3;
    const height = h + 8;
    if (!draw) return height;
    const top = this.y;
    this.box(MARGIN_X, top, CONTENT_W, h, RULE);
    this.fillRect(MARGIN_X + 0.3, top + 0.3, CONTENT_W - 0.6, headH, FILL);
    this.hline(MARGIN_X, MARGIN_X + CONTENT_W, top + headH, RULE);
    this.write(this.credit ? '甲方账户' : '收款信息', MARGIN_X + pad, top + 3, 100, {
      font: BOLD,
      size: 7.8,
      color: this.accent,
    });
    const caption = this.credit ? 'Party A bank details' : 'Payment details · bank transfer to Party A';
    this.write(caption, MARGIN_X + pad, top + 4, CONTENT_W - 2 * pad, {
      size: 6.8,
      color: MUTED,
      align: 'right',
    });
    let y = top + headH + 5;
    for (const [label, value] of rows) {
      this.write(label, MARGIN_X + pad, y + 1, labelW, { size: 7, color: MUTED });
      this.write(value, MARGIN_X + pad + labelW, y, valueW, valueStyle);
      y += rowH(value);
    }
    this.vline(MARGIN_X + leftW, top + headH + 4, top + h - 4, HAIRLINE);
    y = top + headH + 5;
    for (const [zh, en] of notes) {
      y += this.write(zh, MARGIN_X + leftW + pad, y, noteW, zhStyle);
      y += this.write(en, MARGIN_X + leftW + pad, y, noteW, enStyle) + 3;
    }
    return height;
  }

  /** One section per warning (the first carries the 注 heading), so a long list can flow on. */
  private warning(index: number, draw: boolean): number {
    const text = this.doc.warnings?.[index];
    if (text === undefined) return 0;
    const style: TextStyle = { size: 6.5, color: MUTED };
    const head = '注 / Notes';
    const headH = index === 0 ? this.heightOf(head, CONTENT_W, { ...style, font: BOLD }) : 0;
    const bodyH = this.heightOf(`· ${text}`, CONTENT_W - 6, style);
    const height = Math.min(headH + bodyH + 1, MAX_ROW_H);
    if (!draw) return height;
    if (index === 0) this.write(head, MARGIN_X, this.y, CONTENT_W, { ...style, font: BOLD });
    this.write(`· ${text}`, MARGIN_X + 6, this.y + headH, CONTENT_W - 6, style, height - headH);
    return height;
  }

  private closingSections(): Array<(draw: boolean) => number> {
    return [
      (draw) => this.totals(draw),
      (draw) => this.amountInWords(draw),
      (draw) => this.payment(draw),
      ...(this.doc.warnings ?? []).map((_, i) => (draw: boolean) => this.warning(i, draw)),
    ];
  }

  private closingHeight(): number {
    return this.closingSections().reduce((sum, section) => sum + section(false), 0);
  }

  private closing(): void {
    for (const section of this.closingSections()) {
      const h = section(false);
      if (h === 0) continue;
      this.ensureSpace(h);
      section(true);
      this.y += h;
    }
  }

  // -- running header and footer ---------------------------------------------------------------

  private continuationHeader(): void {
    const title = this.credit ? '账单冲减通知 CREDIT NOTE' : '账单 BILL';
    this.write(`${title}  ${this.doc.number}（续 / continued）`, MARGIN_X, this.y, CONTENT_W / 2 + 60, {
      font: BOLD,
      size: 9,
      color: this.accent,
    });
    this.write(this.doc.tenant.name, MARGIN_X + CONTENT_W / 2, this.y + 1, CONTENT_W / 2, {
      size: 8,
      color: MUTED,
      align: 'right',
    });
    this.hline(MARGIN_X, MARGIN_X + CONTENT_W, this.y + 16, this.accent, 0.8);
    this.y += CONTINUATION_H;
  }

  private footers(): void {
    const range = this.pdf.bufferedPageRange();
    const total = range.count;
    for (let i = 0; i < total; i++) {
      this.pdf.switchToPage(range.start + i);
      this.fill = null;
      // the footer is under the content area: lift the bottom margin or pdfkit adds a page
      const margins = this.pdf.page.margins;
      const bottom = margins.bottom;
      margins.bottom = 0;
      this.hline(MARGIN_X, MARGIN_X + CONTENT_W, FOOTER_Y - 6, HAIRLINE, 0.5);
      const s: TextStyle = { size: 7, color: MUTED };
      this.write(this.doc.number, MARGIN_X, FOOTER_Y, 160, s);
      this.write(`第 ${i + 1} 页 / 共 ${total} 页`, MARGIN_X + 160, FOOTER_Y, CONTENT_W - 320, { ...s, align: 'center' });
      this.write(this.doc.partyA.name, MARGIN_X + CONTENT_W - 160, FOOTER_Y, 160, { ...s, align: 'right' });
      // Every line cites a clause: where a reader looks it up (served with the API, no token).
      this.write(`各行所引条款的规则、公式与算例见 ${CLAUSES_PATH} · Clauses explained at ${CLAUSES_PATH} (SeatLease API)`, MARGIN_X, FOOTER_Y + 10, CONTENT_W, { ...s, align: 'center' });
      margins.bottom = bottom;
    }
  }
}
