/**
 * The part of fontkit 2 (pdfkit's own font engine, which publishes no types) that fonts.ts
 * uses. pdfkit ≥ 0.17 accepts such a parsed font wherever it takes a font file or Buffer.
 */
declare module 'fontkit' {
  export interface GlyphPosition {
    xAdvance: number;
    yAdvance: number;
    xOffset: number;
    yOffset: number;
  }
  export interface Glyph {
    id: number;
    advanceWidth: number;
    codePoints: number[];
  }
  /** What `layout` answers; `advanceWidth` is a getter over `positions`. */
  export interface GlyphRun {
    glyphs: Glyph[];
    positions: GlyphPosition[];
    readonly advanceWidth: number;
  }
  export interface Subset {
    includeGlyph(glyphId: number): number;
    encode(): Uint8Array;
  }
  export interface Font {
    postscriptName: string;
    numGlyphs: number;
    /** Whether the font's cmap maps the code point to a glyph. */
    hasGlyphForCodePoint(codePoint: number): boolean;
    /** The glyph the cmap maps the code point to (.notdef when none). */
    glyphForCodePoint(codePoint: number): Glyph;
    layout(text: string, features?: unknown, script?: string, language?: string, direction?: string): GlyphRun;
    getGlyph(glyphId: number): Glyph;
    createSubset(): Subset;
  }
  export function create(data: Uint8Array, postscriptName?: string): Font;
}
