import { constants as zlibConstants, deflateRawSync, inflateSync } from 'node:zlib';
import { expect } from 'chai';
import PDFDocument from 'pdfkit';
import { create, type Font } from 'fontkit';
import { adler32, deflateFontFile, glyphsUsed, LAYOUT_CACHE_TEXTS, loadNotoSansSc, registerDocumentFonts, writeSubsetFile } from '@seatlease/shared/src/documents/fonts';
import { clearLayoutMemo, renderInvoicePdf, useGlyphBase, useLayoutMemo, type InvoiceDocument } from '../../src/documents/invoice-pdf';
import { sampleCreditNoteDocument, sampleInvoiceDocument } from '../support/sample-invoice';

/** Chinese, Latin with accents (composite glyphs), figures, punctuation, wrapped and aligned. */
const TEXTS = [
  '账单 BILL 上海鼎信客户服务外包有限公司',
  '坐席月租 / Seat rent 20 坐席 × ¥2,000.00（不足一分钟按一分钟）',
  'Café Zürich São Paulo naïve façade — « déjà vu » ÀÉÎÕÜ ñ',
  '人民币贰仟叁佰肆拾伍元陆角柒分',
  '2027 年法定节假日日历尚未发布，工作日按周一至周五计算。 / The 2027 holiday calendar is not published yet.',
];

/** `fonts` given: registered as they are; else as documents register theirs (with the caches). */
async function render(fonts?: { regular: Font; bold: Font }): Promise<Buffer> {
  const pdf = new PDFDocument({ size: 'A4', info: { CreationDate: new Date(0), ModDate: new Date(0) } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve) => {
    pdf.on('data', (c: Buffer) => chunks.push(c));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
  });
  if (fonts) {
    pdf.registerFont('r', fonts.regular as unknown as string);
    pdf.registerFont('b', fonts.bold as unknown as string);
  } else {
    registerDocumentFonts(pdf, { regular: 'r', bold: 'b' });
  }
  for (const [i, text] of TEXTS.entries()) {
    pdf.font(i % 2 === 0 ? 'r' : 'b').fontSize(9);
    const height = pdf.heightOfString(text, { width: 120 });
    pdf.text(text, 40, 40 + i * 90, { width: 120, align: i % 3 === 0 ? 'right' : 'left' });
    pdf.text(`${height.toFixed(3)} ${pdf.widthOfString(text).toFixed(3)}`, 300, 40 + i * 90);
  }
  pdf.end();
  return done;
}

describe('document fonts: parsed once, with caches across documents', () => {
  it('give the same bytes as fonts parsed afresh, on first use and from the caches', async () => {
    const plain = await render({ regular: loadNotoSansSc('400Regular'), bold: loadNotoSansSc('700Bold') });
    const first = await render();
    const again = await render();
    expect(first.equals(plain)).to.equal(true);
    expect(again.equals(plain)).to.equal(true);
  });

  it('keep each document to itself: the same invoice renders to the same bytes before and after others', async () => {
    const doc = sampleInvoiceDocument(8);
    const before = await renderInvoicePdf(doc);
    await Promise.all([renderInvoicePdf(sampleInvoiceDocument(60)), renderInvoicePdf({ ...doc, tenant: { ...doc.tenant, name: '𠮷野家（北京）餐饮有限公司' } })]);
    expect((await renderInvoicePdf(doc)).equals(before)).to.equal(true);
  });

  it('write each text from one wrap, measured and drawn, and base-glyph lines from kept operators, to the bytes pdfkit writes itself', async () => {
    // one page, three pages (the table breaks, header repeated, page numbers), a red credit note
    for (const doc of [sampleInvoiceDocument(8), sampleInvoiceDocument(60), sampleCreditNoteDocument()]) {
      // a document whose texts are partly new once the first has filled the memo
      const other = { ...doc, tenant: { ...doc.tenant, name: '杭州云帆呼叫中心服务有限公司' }, number: doc.number.replace(/\d{6}$/, '000777') };
      let unaided: Buffer, otherUnaided: Buffer;
      useLayoutMemo(false); // heightOfString to measure, pdf.text to draw (pdfkit writes every line)
      try {
        unaided = await renderInvoicePdf(doc);
        otherUnaided = await renderInvoicePdf(other);
      } finally {
        useLayoutMemo(true);
      }
      try {
        expect((await renderInvoicePdf(doc)).equals(unaided), `${doc.number}, memo empty`).to.equal(true);
        expect((await renderInvoicePdf(doc)).equals(unaided), `${doc.number}, from the memo`).to.equal(true);
        expect((await renderInvoicePdf(other)).equals(otherUnaided), other.number).to.equal(true);
      } finally {
        clearLayoutMemo();
      }
    }
  });

  it('bound the shaping cache shared by documents', () => {
    const pdf = new PDFDocument();
    registerDocumentFonts(pdf, { regular: 'r', bold: 'b' });
    pdf.font('r');
    for (let i = 0; i < LAYOUT_CACHE_TEXTS + 10; i++) pdf.widthOfString(`x${i}`);
    const cache = (pdf as unknown as { _font: { layoutCache: object } })._font.layoutCache;
    expect(Object.keys(cache).length).to.equal(LAYOUT_CACHE_TEXTS);
    // a later document of the same font shares it
    const next = new PDFDocument();
    registerDocumentFonts(next, { regular: 'r', bold: 'b' });
    expect((next.font('r') as unknown as { _font: { layoutCache: object } })._font.layoutCache).to.equal(cache);
    pdf.end();
    next.end();
  });

  describe('a glyph base (the glyphs every bill of an issuer prints, first in each subset)', () => {
    /** The embedded TrueType font files of a PDF, inflated (zlib checks each stream's Adler-32). */
    function fontFiles(pdf: Buffer): Array<Font & { bytes: Buffer }> {
      const files: Array<Font & { bytes: Buffer }> = [];
      const text = pdf.toString('latin1');
      for (const m of text.matchAll(/<<([^]*?)>>\nstream\n/g)) {
        const dict = m[1]!;
        if (!dict.includes('/Filter /FlateDecode')) continue;
        const length = Number(/\/Length (\d+)/.exec(dict)![1]);
        const start = m.index + m[0].length;
        const inflated = inflateSync(pdf.subarray(start, start + length));
        if (inflated.subarray(0, 4).toString('latin1') === 'true') files.push(Object.assign(create(inflated), { bytes: inflated }));
      }
      return files;
    }

    /** Every glyph's outline in a font, as SVG path data. */
    function outlines(font: Font): Set<string> {
      const paths = new Set<string>();
      for (let id = 0; id < font.numGlyphs; id++) paths.add((font.getGlyph(id) as unknown as { path: { toSVG(): string } }).path.toSVG());
      return paths;
    }

    async function unbased(doc: InvoiceDocument): Promise<Buffer> {
      useGlyphBase(false);
      try {
        return await renderInvoicePdf(doc);
      } finally {
        useGlyphBase(true);
      }
    }

    it('embeds every glyph the document prints, in font files that inflate and parse', async () => {
      for (const doc of [sampleInvoiceDocument(8), sampleCreditNoteDocument(), { ...sampleInvoiceDocument(3), tenant: { name: 'Café Zürich 𠮷野家（北京）', billingEmails: [] } }]) {
        const plain = fontFiles(await unbased(doc));
        const based = fontFiles(await renderInvoicePdf(doc));
        expect(based, doc.number).to.have.length(2);
        expect(plain, doc.number).to.have.length(2);
        for (const [i, font] of based.entries()) {
          const have = outlines(font);
          for (const path of outlines(plain[i]!)) expect(have.has(path), `${doc.number} font ${i}`).to.equal(true);
        }
      }
    });

    it('is the same bytes whatever was rendered before, and another issuer gets its own', async () => {
      const doc = sampleInvoiceDocument(8);
      const first = await renderInvoicePdf(doc);
      const otherIssuer = { ...doc, partyA: { ...doc.partyA, name: '广州坐席外包服务有限公司', bankName: '中国工商银行广州天河支行' } };
      const other = await renderInvoicePdf(otherIssuer);
      expect((await renderInvoicePdf(doc)).equals(first)).to.equal(true);
      expect(fontFiles(other).map((f) => f.numGlyphs)).to.not.deep.equal(fontFiles(first).map((f) => f.numGlyphs));
    });

    it("writes each subset's font file byte for byte as fontkit encodes the same glyphs", async () => {
      const names = { regular: 'r', bold: 'b' };
      const template = new PDFDocument();
      registerDocumentFonts(template, names);
      template.font('r').text(TEXTS[0]!);
      template.font('b').text(TEXTS[1]!);
      const base = glyphsUsed(template, names);
      // the first document checks the writer against fontkit; the second is written by it
      for (let round = 0; round < 2; round++) {
        const pdf = new PDFDocument({ size: 'A4', info: { CreationDate: new Date(0), ModDate: new Date(0) } });
        const chunks: Buffer[] = [];
        const done = new Promise<Buffer>((resolve) => {
          pdf.on('data', (c: Buffer) => chunks.push(c));
          pdf.on('end', () => resolve(Buffer.concat(chunks)));
        });
        registerDocumentFonts(pdf, names, base);
        TEXTS.forEach((text, i) => pdf.font(i % 2 === 0 ? 'r' : 'b').text(text)); // composites: Café Zürich
        const subsets = ['r', 'b'].map((n) => (pdf.font(n) as unknown as { _font: { subset: { glyphs: number[] } } })._font.subset);
        pdf.end();
        const files = fontFiles(await done);
        for (const [i, fresh] of [loadNotoSansSc('400Regular'), loadNotoSansSc('700Bold')].entries()) {
          const expected = fresh.createSubset();
          for (const id of subsets[i]!.glyphs) expected.includeGlyph(id);
          const bytes = Buffer.from(expected.encode());
          expect(files.filter((f) => f.bytes.equals(bytes)), `round ${round}, font ${i}`).to.have.length(1);
        }
      }
    });

    it('writes a font file as fontkit does, composite glyphs and all', () => {
      const ours = loadNotoSansSc('400Regular');
      const theirs = loadNotoSansSc('400Regular');
      const a = ours.createSubset();
      const b = theirs.createSubset();
      for (const c of TEXTS.join('')) {
        a.includeGlyph(ours.glyphForCodePoint(c.codePointAt(0)!).id);
        b.includeGlyph(theirs.glyphForCodePoint(c.codePointAt(0)!).id);
      }
      const written = writeSubsetFile(ours, a);
      expect(written).to.not.equal(null);
      expect(Buffer.from(written!).equals(Buffer.from(b.encode()))).to.equal(true);
    });

    it('deflates a font file in parts to a stream that inflates to the file, or declines one laid out otherwise', () => {
      const font = loadNotoSansSc('400Regular');
      const subset = font.createSubset();
      for (const c of '账单付款通知书 BILL 2027') subset.includeGlyph(font.glyphForCodePoint(c.codePointAt(0)!).id);
      const file = Buffer.from(subset.encode());
      const offset = file.readUInt32BE(file.indexOf('glyf') + 8); // its entry in the table directory
      const bytes = file.subarray(offset, offset + 200);
      const part = { bytes, deflated: deflateRawSync(bytes, { finishFlush: zlibConstants.Z_SYNC_FLUSH }), adler: adler32(bytes) };
      const deflated = deflateFontFile(file, part);
      expect(deflated).to.not.equal(null);
      expect(inflateSync(deflated!).equals(file)).to.equal(true);
      const other = Buffer.from(bytes);
      other[0] = other[0]! ^ 1;
      expect(deflateFontFile(file, { ...part, bytes: other })).to.equal(null);
    });
  });
});
