/**
 * The Chinese fonts for every PDF (invoices, assessment scorecards): Noto Sans SC (OFL) static TTFs from
 * `@expo-google-fonts/noto-sans-sc`, regular (400) for text and bold (700) for headings.
 *
 * Parsing and shaping the font, not drawing, is what a document costs (figures for each step in
 * docs/benchmarks.md, "Invoice PDF"). The fonts are therefore read, parsed and worked on once
 * per process, and what pdfkit would redo for every document is kept across documents:
 *
 * 1. Parsed once. Handed the 10 MB file (or its Buffer), pdfkit runs `fontkit.create` for each
 *    document, and that document's first layout and its subset encoder decode the cmap, GSUB,
 *    GPOS, loca and hmtx tables again. pdfkit ≥ 0.17 accepts a parsed fontkit font
 *    instead; fontkit keeps decoded tables and glyphs on the font object.
 * 2. Shaping cached by text across documents. pdfkit shapes each word through fontkit's
 *    `layout` (OpenType shaping of a CJK font: script and feature selection, then a walk of
 *    coverage tables per glyph, the largest cost left) and keeps the scaled runs in a cache on
 *    its per-document font object. The same words recur in every invoice (labels, clause
 *    codes, party names), so every document's font object is given the one cache of its font
 *    instead of an empty one: a run depends only on the font and the text, and pdfkit only
 *    reads cached runs (it copies what it changes). The cache takes the first
 *    LAYOUT_CACHE_TEXTS texts and then stops growing.
 * 3. Subset glyphs cached by glyph id. For each document pdfkit embeds the subset of glyphs it
 *    used; fontkit's TrueType subsetter decodes every such glyph's whole outline only to learn
 *    whether it is composite. The raw glyph bytes, components and metrics are kept per glyph id
 *    and the subset is built from them exactly as fontkit builds it.
 * 4. Only for a document registered with a glyph base (the bills: decision 0081): its subsets
 *    start with the base's glyphs, the font file is written here as fontkit writes it, and it
 *    is deflated in parts, the base's part once per process. This changes the bytes (glyph
 *    numbers, a few unprinted glyphs embedded), never the page; documents registered without
 *    a base — the other documents, the benchmark's floor — get 1–3 only.
 *
 * pdfkit keeps everything per document (the subset, widths, ToUnicode map) on its own
 * EmbeddedFont, so one font object serves any number of documents; rendering is synchronous,
 * so documents never interleave inside a call. With 1–3 the output is unchanged, byte for byte
 * (billing-service/test/documents/fonts.test.ts compares against uncached fonts). It lives in
 * shared so that every service renders Chinese with the same font and the same caches.
 *
 * A smaller font was evaluated too (a GB2312 subset of Noto Sans SC made with harfbuzz, with a
 * fall-back to the full font): once the fonts are parsed once it renders no faster, since
 * shaping and subsetting cost per glyph used, not per glyph in the font; so we ship the full
 * font only (docs/benchmarks.md, "The subset font").
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { constants as zlibConstants, deflateRawSync } from 'node:zlib';
import { create, type Font, type Glyph, type Subset } from 'fontkit';
import { LRUCache } from 'lru-cache';

const require = createRequire(import.meta.url);

/** Texts whose shaped runs are kept per font (a limit on everything: ~1 KB each at most). */
export const LAYOUT_CACHE_TEXTS = 20_000;

export interface DocumentFonts {
  regular: Font;
  bold: Font;
}

let cached: DocumentFonts | null = null;

/** Loads a weight of Noto Sans SC, parsed, with no caches added (tests compare against it). */
export function loadNotoSansSc(weight: '400Regular' | '700Bold'): Font {
  const path = require.resolve(`@expo-google-fonts/noto-sans-sc/${weight}/NotoSansSC_${weight}.ttf`);
  return create(readFileSync(path));
}

/** The parsed fonts with their cross-document caches, loaded on first use and kept. */
function documentFonts(): DocumentFonts {
  cached ??= {
    regular: withSharedCaches(loadNotoSansSc('400Regular')),
    bold: withSharedCaches(loadNotoSansSc('700Bold')),
  };
  return cached;
}

/**
 * The `font` option for a new pdfkit document: without one pdfkit opens Helvetica for every
 * document, parsing its AFM metrics (docs/benchmarks.md, "Invoice PDF"), though we never write
 * in it. The regular font is opened under its PostScript name, so registering it under that
 * name reuses it.
 */
export function defaultDocumentFont(): string {
  // @types/pdfkit types the option as a font name; pdfkit takes any source `font()` takes.
  return documentFonts().regular as unknown as string;
}

/**
 * The glyphs, by font glyph id, that every copy of a kind of document prints, in the order it
 * first prints them (`glyphsUsed` of a template copy). See `registerDocumentFonts`.
 */
export interface GlyphBase {
  regular: readonly number[];
  bold: readonly number[];
}

/**
 * Registers the regular and bold fonts on a pdfkit document under the given names.
 *
 * With a `base`, each font's subset starts with the base's glyphs, in its order, whether this
 * document prints them all or not, and the embedded font file is compressed with those glyphs'
 * part deflated once per process (see `startSubsetWith`): the subset and its deflate at the end
 * of each document were a quarter of a bill's CPU, and almost all of it was the same glyphs in
 * every bill (docs/benchmarks.md, "Invoice PDF").
 */
export function registerDocumentFonts(pdf: PDFKit.PDFDocument, names: { regular: string; bold: string }, base?: GlyphBase): void {
  const fonts = documentFonts();
  // @types/pdfkit lists only paths and bytes; pdfkit itself takes any object with `layout`.
  pdf.registerFont(names.regular, fonts.regular as unknown as PDFKit.Mixins.PDFFontSource);
  pdf.registerFont(names.bold, fonts.bold as unknown as PDFKit.Mixins.PDFFontSource);
  for (const [name, font, ids] of [[names.regular, fonts.regular, base?.regular], [names.bold, fonts.bold, base?.bold]] as const) {
    // opens the document's font object now (pdfkit would at first use) to give it the cache
    const embedded = embeddedFont(pdf, name);
    if (embedded.layoutCache !== undefined) embedded.layoutCache = sharedLayoutCache(font);
    if (ids !== undefined && ids.length > 0) startSubsetWith(embedded, font, ids);
  }
}

/** The glyphs a document has printed so far in each font, in the order it first printed them. */
export function glyphsUsed(pdf: PDFKit.PDFDocument, names: { regular: string; bold: string }): GlyphBase {
  const used = (name: string): number[] => embeddedFont(pdf, name).subset.glyphs.slice(1); // [0] is .notdef, always first
  return { regular: used(names.regular), bold: used(names.bold) };
}

/** pdfkit's per-document font object (its EmbeddedFont), as far as fonts.ts uses it. */
interface EmbeddedFont {
  layoutCache?: object;
  subset: Subset & { glyphs: number[] };
  widths: Array<number | undefined>;
  unicode: Array<number[] | undefined>;
  scale: number;
  document: { ref(data?: object): FontFileRef };
  embed(): void;
}

interface FontFileRef {
  compress: boolean;
  data: { Length?: number; Filter?: string };
  end(chunk?: Uint8Array): void;
}

function embeddedFont(pdf: PDFKit.PDFDocument, name: string): EmbeddedFont {
  // switches the document's current font: callers set theirs before writing
  return (pdf.font(name) as unknown as { _font: EmbeddedFont })._font;
}

// ---------------------------------------------------------------------------------------------
// The caches. They lean on fontkit 2.0's TrueType internals, named here; a font they do not
// fit (CFF outlines, variable fonts) is left as fontkit made it.

interface TrueTypeFont extends Font {
  directory: { tables: Record<string, unknown> };
  loca?: { offsets: number[] };
  _variationProcessor?: unknown;
  _getTableStream(tag: 'glyf'): { pos: number; readBuffer(length: number): Uint8Array };
}

interface TrueTypeGlyph extends Glyph {
  _decode(): { numberOfContours: number; components?: Array<{ glyphID: number; pos: number }> } | null;
  _getMetrics(): { leftBearing: number };
}

interface TrueTypeSubset extends Subset {
  glyphs: number[];
  glyf: Uint8Array[];
  loca: { offsets: number[]; version?: number };
  hmtx: { metrics: Array<{ advance: number; bearing: number }>; bearings?: number[] };
  offset: number;
  _addGlyph(glyphId: number): number;
}

interface GlyphEntry {
  /** The glyph's bytes in the `glyf` table, as fontkit copies them into a subset. */
  bytes: Uint8Array;
  /** A composite glyph's components: their glyph ids and where the id sits in `bytes`. */
  components: Array<{ glyphID: number; pos: number }> | null;
  advance: number;
  bearing: number;
}

const layoutCaches = new WeakMap<Font, object>();

/**
 * The cache of scaled runs by text that every document's font object for `font` shares
 * (pdfkit reads it as `cache[text]` and fills it as `cache[text] = run`).
 */
function sharedLayoutCache(font: Font): object {
  let cache = layoutCaches.get(font);
  if (cache === undefined) {
    const runs: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    let size = 0;
    cache = new Proxy(runs, {
      set(target, text: string, run: unknown) {
        if (!(text in target)) {
          if (size >= LAYOUT_CACHE_TEXTS) return true; // full: the run is used, not kept
          size++;
        }
        target[text] = run;
        return true;
      },
    });
    layoutCaches.set(font, cache);
  }
  return cache;
}

function withSharedCaches(font: Font): Font {
  if (isPlainTrueType(font)) cacheSubsetGlyphs(font);
  return font;
}

/** TrueType outlines, not CFF, not a variable font: what the caches and the writer below fit. */
function isPlainTrueType(font: Font): font is TrueTypeFont {
  const ttf = font as TrueTypeFont;
  return ttf.directory.tables.glyf !== undefined && ttf.directory.tables['CFF '] === undefined && !ttf._variationProcessor;
}

/** Each TrueType font's glyph entries, read once per glyph id (the subset cache below). */
const glyphEntries = new WeakMap<Font, (glyphId: number) => GlyphEntry>();

function cacheSubsetGlyphs(font: TrueTypeFont): void {
  const entries = new Map<number, GlyphEntry>();
  const entryOf = (glyphId: number): GlyphEntry => {
    let entry = entries.get(glyphId);
    if (entry === undefined) {
      // as fontkit's TTFSubset._addGlyph reads them
      const glyph = font.getGlyph(glyphId) as TrueTypeGlyph;
      const decoded = glyph._decode();
      const offsets = font.loca!.offsets;
      const stream = font._getTableStream('glyf');
      stream.pos += offsets[glyphId]!;
      const bytes = stream.readBuffer(offsets[glyphId + 1]! - offsets[glyphId]!);
      entry = {
        bytes,
        components: decoded && decoded.numberOfContours < 0 ? (decoded.components ?? []).map((c) => ({ glyphID: c.glyphID, pos: c.pos })) : null,
        advance: glyph.advanceWidth,
        bearing: glyph._getMetrics().leftBearing,
      };
      entries.set(glyphId, entry);
    }
    return entry;
  };
  glyphEntries.set(font, entryOf);
  const createSubset = font.createSubset.bind(font);
  font.createSubset = () => {
    const subset = createSubset() as TrueTypeSubset;
    if (typeof subset._addGlyph !== 'function') return subset;
    subset._addGlyph = (glyphId: number): number => {
      const entry = entryOf(glyphId);
      let bytes = entry.bytes;
      if (entry.components !== null) {
        // a composite glyph names its components by id: renumber them into this subset
        bytes = new Uint8Array(entry.bytes);
        const view = new DataView(bytes.buffer);
        for (const component of entry.components) view.setUint16(component.pos, subset.includeGlyph(component.glyphID));
      }
      subset.glyf.push(bytes);
      subset.loca.offsets.push(subset.offset);
      subset.hmtx.metrics.push({ advance: entry.advance, bearing: entry.bearing });
      subset.offset += bytes.length;
      return subset.glyf.length - 1;
    };
    return subset;
  };
}

// ---------------------------------------------------------------------------------------------
// A subset that starts with a base of glyphs, and its font file deflated in parts.
//
// A deflate stream may be cut into parts each compressed on its own: every part but the last
// ends with a sync flush (an empty stored block, so the part ends on a byte boundary and is not
// final) and the next part refers to nothing before it. The font file a subset encodes to is
// the table directory and the small tables, then the `glyf` table — which begins with the
// base's glyphs, the same bytes in every document with that base — then the document's own
// glyphs and the metrics. The base's bytes are deflated once; a document deflates only what
// is before and after them; the zlib wrapper's checksum (Adler-32) is of the whole file.
// Any reader inflates it as it inflates one stream; it is a few bytes longer than deflating
// the whole at once (no match may reach across a cut).

/** Bases kept per font (one per kind of document and issuer, say). */
export const GLYPH_BASES = 64;

interface BasePart {
  /** The base's glyph ids that start every subset with this base: simple glyphs only. */
  ids: number[];
  /** The `glyf` bytes of .notdef and those glyphs, in order. */
  bytes: Uint8Array;
  /** `bytes` deflated raw, ending with a sync flush. */
  deflated: Uint8Array;
  /** The Adler-32 of `bytes`. */
  adler: number;
}

const baseParts = new WeakMap<Font, LRUCache<string, BasePart>>();

function basePart(font: Font, ids: readonly number[]): BasePart | null {
  const entryOf = glyphEntries.get(font);
  if (entryOf === undefined) return null; // not a font whose glyphs we cache (CFF, variable)
  let parts = baseParts.get(font);
  if (parts === undefined) baseParts.set(font, (parts = new LRUCache({ max: GLYPH_BASES })));
  const key = ids.join(',');
  let part = parts.get(key);
  if (part === undefined) {
    // A composite glyph names its components by their ids in the subset, which the glyphs a
    // document adds could move: the base keeps simple glyphs, whose bytes never change.
    const simple = [...new Set(ids)].filter((id) => id !== 0 && id < font.numGlyphs && entryOf(id).components === null);
    const bytes = concatBytes([0, ...simple].map((id) => entryOf(id).bytes));
    part = { ids: simple, bytes, deflated: deflateRawSync(bytes, { finishFlush: zlibConstants.Z_SYNC_FLUSH }), adler: adler32(bytes) };
    parts.set(key, part);
  }
  return part;
}

/**
 * Starts the document font's subset with the base's glyphs and has its font file deflated
 * from the base's part (`deflateFontFile`). A glyph of the base that the document does not
 * print is embedded all the same: its width and ToUnicode entry are filled in at the end, as
 * pdfkit would for a glyph printed (they describe the glyph, never what the page shows).
 */
function startSubsetWith(embedded: EmbeddedFont, font: Font, ids: readonly number[]): void {
  const part = basePart(font, ids);
  if (part === null || embedded.subset.glyphs.length !== 1) return;
  for (const id of part.ids) embedded.subset.includeGlyph(id);
  const subset = embedded.subset as unknown as TrueTypeSubset;
  const fontkitEncode = subset.encode.bind(subset);
  subset.encode = () => {
    const writer = subsetWriter(font);
    return writer === null ? fontkitEncode() : writer(subset, fontkitEncode);
  };
  const embed = embedded.embed.bind(embedded);
  embedded.embed = () => {
    part.ids.forEach((id, i) => {
      const gid = i + 1;
      if (embedded.widths[gid] == null || embedded.unicode[gid] == null) {
        const glyph = font.getGlyph(id);
        embedded.widths[gid] ??= glyph.advanceWidth * embedded.scale;
        embedded.unicode[gid] ??= glyph.codePoints;
      }
    });
    // pdfkit's embed asks the document for the font file's object first, then ends it with the
    // subset's bytes: that one object is given the bytes deflated here, marked as deflated
    const document = embedded.document;
    const ref = document.ref;
    document.ref = (data?: object): FontFileRef => {
      document.ref = ref;
      const fontFile = ref.call(document, data);
      const end = fontFile.end.bind(fontFile);
      fontFile.end = (chunk?: Uint8Array) => {
        const deflated = chunk === undefined ? null : deflateFontFile(chunk, part);
        if (deflated === null) return end(chunk);
        // as pdfkit's own deflating writes them: Length, then Filter
        fontFile.compress = false;
        fontFile.data.Length = 0;
        fontFile.data.Filter = 'FlateDecode';
        return end(deflated);
      };
      return fontFile;
    };
    try {
      embed();
    } finally {
      document.ref = ref;
    }
  };
}

/** The font file deflated with the base's part deflated once; null when it is not laid out as expected. */
export function deflateFontFile(file: Uint8Array, part: Pick<BasePart, 'bytes' | 'deflated' | 'adler'>): Uint8Array | null {
  const glyf = tableOf(file, 'glyf');
  if (glyf === null || glyf.length < part.bytes.length) return null;
  const start = glyf.offset;
  const end = start + part.bytes.length;
  if (!Buffer.from(file.buffer, file.byteOffset + start, part.bytes.length).equals(part.bytes)) return null;
  const before = file.subarray(0, start);
  const after = file.subarray(end);
  const adler = adler32Combine(adler32Combine(adler32(before), part.adler, part.bytes.length), adler32(after), after.length);
  const trailer = Buffer.alloc(4);
  trailer.writeUInt32BE(adler);
  return concatBytes([
    ZLIB_HEADER,
    deflateRawSync(before, { finishFlush: zlibConstants.Z_SYNC_FLUSH }),
    part.deflated,
    deflateRawSync(after),
    trailer,
  ]);
}

/** zlib's header for a deflate stream with a 32 KiB window at the default level (what deflateSync writes). */
const ZLIB_HEADER = new Uint8Array([0x78, 0x9c]);

/** A table's place in a TrueType file, from its table directory. */
function tableOf(file: Uint8Array, tag: string): { offset: number; length: number } | null {
  if (file.length < 12) return null;
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const count = view.getUint16(4);
  for (let i = 0; i < count; i++) {
    const at = 12 + 16 * i;
    if (at + 16 > file.length) return null;
    if (String.fromCharCode(file[at]!, file[at + 1]!, file[at + 2]!, file[at + 3]!) !== tag) continue;
    const offset = view.getUint32(at + 8);
    const length = view.getUint32(at + 12);
    return offset + length <= file.length ? { offset, length } : null;
  }
  return null;
}

const ADLER_MOD = 65521;

/** Adler-32 (RFC 1950), the checksum that ends a zlib stream. */
export function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (let i = 0; i < bytes.length; ) {
    // the sums stay far below 2^53 over a few thousand bytes before the modulo
    const stop = Math.min(i + 4096, bytes.length);
    for (; i < stop; i++) {
      a += bytes[i]!;
      b += a;
    }
    a %= ADLER_MOD;
    b %= ADLER_MOD;
  }
  return b * 65536 + a;
}

/** The Adler-32 of A followed by B from those of A and B and B's length (zlib's adler32_combine). */
export function adler32Combine(adlerA: number, adlerB: number, lengthB: number): number {
  const rem = lengthB % ADLER_MOD;
  const a1 = adlerA % 65536;
  const b1 = Math.floor(adlerA / 65536);
  const a2 = adlerB % 65536;
  const b2 = Math.floor(adlerB / 65536);
  const a = (a1 + a2 - 1 + ADLER_MOD) % ADLER_MOD;
  const b = (((rem * a1) % ADLER_MOD) + b1 + b2 + ADLER_MOD - rem) % ADLER_MOD;
  return b * 65536 + a;
}

function concatBytes(parts: Uint8Array[]): Uint8Array {
  return Buffer.concat(parts);
}

// ---------------------------------------------------------------------------------------------
// The subset's font file, written as fontkit's TTFSubset.encode writes it, without its generic
// struct encoder (a fifth of the end of a document, cloning and sizing each table anew).
//
// fontkit writes the table directory (checksums 0) and then, in this order and unpadded, head,
// hhea, loca, maxp, cvt, prep, glyf, hmtx, fpgm (those the font has). Of these only hhea's
// numberOfMetrics, maxp's numGlyphs, loca, glyf and hmtx depend on the glyphs; the others are
// the bytes fontkit writes for any subset of the font, taken from one it encodes. The first
// subset of a font to be written is encoded both ways, and must come out the same byte for
// byte; else (another fontkit) fontkit's encoder is kept. (Encoding no other subset for the
// check: fontkit keeps each glyph object it makes, with the code points it was first asked
// for, and pdfkit's ToUnicode map takes them from it — a glyph made here for a check, with
// none, would lose its text in every later document.)

interface FontFileTables {
  /** Tag and bytes of each table, in fontkit's order; hhea and maxp to be patched. */
  tables: Array<{ tag: string; bytes: Uint8Array }>;
  locaLong: boolean;
}

/** Writes a subset's font file; `null` when this font's are left to fontkit. */
type SubsetWriter = (subset: TrueTypeSubset, fontkitEncode: () => Uint8Array) => Uint8Array;

const subsetWriters = new WeakMap<Font, SubsetWriter | null>();
const fontFiles = new WeakMap<Font, FontFileTables | null>();

/**
 * The subset's font file as fontkit's TTFSubset.encode writes it, written here (see above);
 * null for a font not written here. Exported for tests: documents go through `subsetWriter`.
 */
export function writeSubsetFile(font: Font, subset: Subset): Uint8Array | null {
  let tables = fontFiles.get(font);
  if (tables === undefined) {
    try {
      tables = isPlainTrueType(font) ? fontFileTables(font) : null;
    } catch {
      tables = null;
    }
    fontFiles.set(font, tables);
  }
  return tables === null ? null : writeSubset(subset as TrueTypeSubset, tables);
}

function subsetWriter(font: Font): SubsetWriter | null {
  let writer = subsetWriters.get(font);
  if (writer === undefined) {
    let checked = false;
    writer = (subset, fontkitEncode) => {
      if (checked) return writeSubsetFile(font, subset)!;
      const expected = fontkitEncode();
      let same = false;
      try {
        const actual = writeSubsetFile(font, subset);
        same = actual !== null && Buffer.from(actual.buffer, actual.byteOffset, actual.byteLength).equals(expected);
      } catch {
        same = false;
      }
      checked = true;
      if (!same) subsetWriters.set(font, null);
      return expected;
    };
    subsetWriters.set(font, writer);
  }
  return writer;
}

const FONT_FILE_ORDER = ['head', 'hhea', 'loca', 'maxp', 'cvt ', 'prep', 'glyf', 'hmtx', 'fpgm'];

/** The tables of a subset of .notdef alone, as fontkit encodes it. */
function fontFileTables(font: Font): FontFileTables | null {
  const sample = font.createSubset() as TrueTypeSubset;
  const file = sample.encode();
  const tables: FontFileTables['tables'] = [];
  for (const tag of FONT_FILE_ORDER) {
    const at = tableOf(file, tag);
    if (at === null) continue;
    tables.push({ tag, bytes: file.slice(at.offset, at.offset + at.length) });
  }
  const loca = sample.loca;
  if (loca.version !== 0 && loca.version !== 1) return null;
  return { tables, locaLong: loca.version === 1 };
}

function writeSubset(subset: TrueTypeSubset, file: FontFileTables): Uint8Array {
  // as TTFSubset.encode: every glyph added in turn (a composite's components are added as it is)
  subset.glyf = [];
  subset.offset = 0;
  subset.loca = { offsets: [], version: file.locaLong ? 1 : 0 };
  subset.hmtx = { metrics: [], bearings: [] };
  for (let i = 0; i < subset.glyphs.length; i++) subset._addGlyph(subset.glyphs[i]!);
  subset.loca.offsets.push(subset.offset);
  const numGlyphs = subset.glyf.length;
  const parts: Uint8Array[] = [];
  for (const { tag, bytes } of file.tables) {
    switch (tag) {
      case 'hhea': {
        const hhea = Buffer.from(bytes);
        hhea.writeUInt16BE(subset.hmtx.metrics.length, 34); // numberOfMetrics
        parts.push(hhea);
        break;
      }
      case 'maxp': {
        const maxp = Buffer.from(bytes);
        maxp.writeUInt16BE(numGlyphs, 4); // numGlyphs
        parts.push(maxp);
        break;
      }
      case 'loca': {
        const offsets = subset.loca.offsets;
        const loca = Buffer.alloc(offsets.length * (file.locaLong ? 4 : 2));
        offsets.forEach((o, i) => (file.locaLong ? loca.writeUInt32BE(o, 4 * i) : loca.writeUInt16BE(o >>> 1, 2 * i)));
        parts.push(loca);
        break;
      }
      case 'glyf':
        parts.push(Buffer.concat(subset.glyf));
        break;
      case 'hmtx': {
        const hmtx = Buffer.alloc(4 * subset.hmtx.metrics.length);
        subset.hmtx.metrics.forEach((m, i) => {
          hmtx.writeUInt16BE(m.advance, 4 * i);
          hmtx.writeInt16BE(m.bearing, 4 * i + 2);
        });
        parts.push(hmtx);
        break;
      }
      default:
        parts.push(bytes);
    }
  }
  // the table directory: 'true', the table count and its binary-search fields, then the entries
  const count = parts.length;
  const power = 2 ** Math.floor(Math.log2(count));
  const directory = Buffer.alloc(12 + 16 * count);
  directory.write('true', 0, 'latin1');
  directory.writeUInt16BE(count, 4);
  directory.writeUInt16BE(power * 16, 6);
  directory.writeUInt16BE(Math.log2(power), 8);
  directory.writeUInt16BE(count * 16 - power * 16, 10);
  let offset = directory.length;
  file.tables.forEach(({ tag }, i) => {
    const at = 12 + 16 * i;
    directory.write(tag, at, 'latin1');
    directory.writeUInt32BE(0, at + 4); // checksum: fontkit writes none
    directory.writeUInt32BE(offset, at + 8);
    directory.writeUInt32BE(parts[i]!.length, at + 12);
    offset += parts[i]!.length;
  });
  return Buffer.concat([directory, ...parts]);
}
