/**
 * The Chinese fonts for billing documents: Noto Sans SC (OFL) static TTFs from
 * `@expo-google-fonts/noto-sans-sc`. TOOLCHAIN.md: pass the font to pdfkit as a Buffer read
 * once per process (28 ms per one-page invoice, ~24 KB PDFs since pdfkit embeds a subset of
 * the glyphs used); a path would make pdfkit read the 10 MB file again for every document.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export interface DocumentFonts {
  regular: Buffer;
  bold: Buffer;
}

let cached: DocumentFonts | null = null;

function load(weight: string): Buffer {
  const path = require.resolve(`@expo-google-fonts/noto-sans-sc/${weight}/NotoSansSC_${weight}.ttf`);
  return readFileSync(path);
}

/** Regular (400) for text and Bold (700) for headings, read on first use and kept. */
export function documentFonts(): DocumentFonts {
  cached ??= { regular: load('400Regular'), bold: load('700Bold') };
  return cached;
}
