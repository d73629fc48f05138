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
 *
 * pdfkit keeps everything per document (the subset, widths, ToUnicode map) on its own
 * EmbeddedFont, so one font object serves any number of documents; rendering is synchronous,
 * so documents never interleave inside a call. The output is unchanged, byte for byte
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
import { create, type Font, type Glyph, type Subset } from 'fontkit';

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

/** Registers the regular and bold fonts on a pdfkit document under the given names. */
export function registerDocumentFonts(pdf: PDFKit.PDFDocument, names: { regular: string; bold: string }): void {
  const fonts = documentFonts();
  // @types/pdfkit lists only paths and bytes; pdfkit itself takes any object with `layout`.
  pdf.registerFont(names.regular, fonts.regular as unknown as PDFKit.Mixins.PDFFontSource);
  pdf.registerFont(names.bold, fonts.bold as unknown as PDFKit.Mixins.PDFFontSource);
  for (const [name, font] of [[names.regular, fonts.regular], [names.bold, fonts.bold]] as const) {
    // opens the document's font object now (pdfkit would at first use) to give it the cache
    const embedded = (pdf.font(name) as unknown as { _font: { layoutCache?: object } })._font;
    if (embedded.layoutCache !== undefined) embedded.layoutCache = sharedLayoutCache(font);
  }
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
  glyf: Uint8Array[];
  loca: { offsets: number[] };
  hmtx: { metrics: Array<{ advance: number; bearing: number }> };
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
  const ttf = font as TrueTypeFont;
  if (ttf.directory.tables.glyf !== undefined && ttf.directory.tables['CFF '] === undefined && !ttf._variationProcessor) {
    cacheSubsetGlyphs(ttf);
  }
  return font;
}

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
