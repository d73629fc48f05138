/**
 * The text a person's PDF reader extracts, for tests that check what a document says. The parser
 * holds a worker; it is released whatever the outcome.
 */
import { expect } from 'chai';
import { PDFParse } from 'pdf-parse';
import { ADMIN_TOKEN, type System } from './system';

export async function pdfText(bytes: Uint8Array): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(bytes) });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

/** Fetches a PDF through the gateway as staff and answers its text. */
export async function fetchPdfText(sys: System, path: string): Promise<string> {
  const res = await fetch(`${sys.gatewayUrl}${path}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  expect(res.status).to.equal(200);
  return pdfText(new Uint8Array(await res.arrayBuffer()));
}
