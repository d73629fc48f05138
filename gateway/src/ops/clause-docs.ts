/**
 * GET /docs/clauses — the clause reference (docs/clauses.md, in the repository and the gateway
 * image), rendered to a plain HTML page: every clause printed on a bill, its rule, formula and a
 * worked example, each at the anchor a line's `clauseUrl` points to. No token, like /docs.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Request, RequestHandler, Response } from 'express';

const CLAUSES_FILE = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'docs', 'clauses.md');

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
const inline = (s: string) =>
  escape(s)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');

/** The small Markdown subset the file uses: headings, anchors, paragraphs. */
function renderClauses(markdown: string): string {
  const html: string[] = [];
  for (const block of markdown.split(/\n\s*\n/)) {
    let text = block.trim();
    const anchor = /^<a id="([a-z0-9-]+)"><\/a>\s*/.exec(text);
    if (anchor) {
      html.push(`<a id="${anchor[1]}"></a>`);
      text = text.slice(anchor[0].length);
    }
    if (!text) continue;
    if (text.startsWith('## ')) html.push(`<h2>${inline(text.slice(3))}</h2>`);
    else if (text.startsWith('# ')) html.push(`<h1>${inline(text.slice(2))}</h1>`);
    else html.push(`<p>${inline(text.replace(/\n/g, ' '))}</p>`);
  }
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>条款说明 · Clause reference — SeatLease</title></head><body><main>${html.join('\n')}<p><a href="/docs">API reference</a></p></main></body></html>`;
}

export function clauseDocsController(file = CLAUSES_FILE): RequestHandler {
  const page = renderClauses(readFileSync(file, 'utf8'));
  return (_req: Request, res: Response) => {
    res.type('html').send(page);
  };
}
