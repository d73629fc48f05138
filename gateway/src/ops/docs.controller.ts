/**
 * /docs: the reference page (swagger-ui, its files served from this process: no CDN) and
 * /docs/openapi.json. The page is served at /docs and /docs/ alike, so its asset links are
 * absolute.
 */
import type { Request, RequestHandler, Response } from 'express';
import swaggerUi from 'swagger-ui-express';

export const DOCS_PATH = '/docs';
export const OPENAPI_PATH = '/docs/openapi.json';

export interface DocsController {
  page: RequestHandler;
  openapi: RequestHandler;
  /** swagger-ui's own files (mounted under /docs, after the routes). */
  assets: RequestHandler[];
}

export function docsController(document: object): DocsController {
  const uiOptions = {
    customSiteTitle: 'SeatLease API',
    swaggerUrl: OPENAPI_PATH,
    // No calls to validator.swagger.io: the page talks to this origin only.
    swaggerOptions: { validatorUrl: null, persistAuthorization: true },
  };
  const html = swaggerUi
    .generateHTML(undefined as unknown as object, uiOptions)
    .replaceAll('href="./', `href="${DOCS_PATH}/`)
    .replaceAll('src="./', `src="${DOCS_PATH}/`);
  const body = JSON.stringify(document);
  return {
    page(_req: Request, res: Response) {
      res.type('html').send(html);
    },
    openapi(_req: Request, res: Response) {
      res.type('application/json').send(body);
    },
    assets: swaggerUi.serveFiles(undefined, uiOptions) as unknown as RequestHandler[],
  };
}
