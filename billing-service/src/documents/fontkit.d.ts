/**
 * The part of fontkit 2 (pdfkit's own font engine, no published types) that fonts.ts uses.
 * pdfkit ≥ 0.17 accepts such a parsed font wherever it takes a font file or Buffer.
 */
declare module 'fontkit' {
  export interface Font {
    postscriptName: string;
    numGlyphs: number;
    /** Whether the font's cmap maps the code point to a glyph. */
    hasGlyphForCodePoint(codePoint: number): boolean;
    layout(text: string): unknown;
  }
  export function create(data: Uint8Array, postscriptName?: string): Font;
}
