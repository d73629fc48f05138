/**
 * The Chinese fonts for billing documents: Noto Sans SC (OFL) static TTFs from
 * `@expo-google-fonts/noto-sans-sc`, regular (400) for text and bold (700) for headings.
 *
 * Each font is read AND parsed once per process. Handing pdfkit the 10 MB file (or its Buffer)
 * makes it run `fontkit.create` for every document, and the first layout and the subset
 * encoder of each document then decode the font's cmap, GSUB, loca and hmtx tables again:
 * that was ~40 ms of a ~46 ms one-page invoice (docs/benchmarks.md). pdfkit ≥ 0.17 accepts an
 * already parsed fontkit font instead; fontkit keeps the decoded tables and glyphs on the font
 * object, and pdfkit keeps everything per document (the glyph subset, widths, ToUnicode map)
 * on its own EmbeddedFont, so one font object serves every document, one after another or
 * interleaved. The embedded subset is unchanged: the same document gives the same bytes.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { create, type Font } from 'fontkit';

const require = createRequire(import.meta.url);

export interface DocumentFonts {
  regular: Font;
  bold: Font;
}

let cached: DocumentFonts | null = null;

function load(weight: '400Regular' | '700Bold'): Font {
  const path = require.resolve(`@expo-google-fonts/noto-sans-sc/${weight}/NotoSansSC_${weight}.ttf`);
  return create(readFileSync(path));
}

/** The parsed fonts, loaded on first use and kept for the life of the process. */
export function documentFonts(): DocumentFonts {
  cached ??= { regular: load('400Regular'), bold: load('700Bold') };
  return cached;
}

/** Registers the regular and bold fonts on a pdfkit document under the given names. */
export function registerDocumentFonts(pdf: PDFKit.PDFDocument, names: { regular: string; bold: string }): void {
  const fonts = documentFonts();
  // @types/pdfkit lists only paths and bytes; pdfkit itself takes any object with `layout`.
  pdf.registerFont(names.regular, fonts.regular as unknown as PDFKit.Mixins.PDFFontSource);
  pdf.registerFont(names.bold, fonts.bold as unknown as PDFKit.Mixins.PDFFontSource);
}
