/**
 * `POST /v1/calls` (staff): call detail records as a streamed `text/csv` body, or as JSON (an
 * array, or `{contractId, calls: [...]}`, 1 MB at most). `?contractId=` names the contract of
 * rows without a `contractId`. Answers 200 `{accepted, duplicates, rejected: [{row, message}],
 * rejectedTotal, rejectedOmitted, conflicts: [{row, id, differs}], conflictsTotal, rows}`: bad
 * rows are reported, never the whole file refused; a call re-sent with other data is a conflict
 * (not stored — `POST /v1/calls/:id/void` then re-import replaces a call not billed yet).
 *
 * Mounted before the service's JSON parser (routers.ts `beforeJson`) so that a CSV body
 * reaches the import as a stream.
 */
import { PassThrough, Readable } from 'node:stream';
import express, { Router, type Request } from 'express';
import { AppError, forbidden, parseWith } from '@seatlease/shared';
import type { Deps } from '../deps';
import { callerOf } from '../routes';
import { contractFactsOrNull } from './contract-facts';
import { importCalls, summaryLine, type ImportSummary } from './import-calls';
import { voidCall } from './void-call';
import { listCalls } from './list-calls';
import { CallImportQuery as queryShape, CallImportObject as jsonObjectShape } from '@seatlease/shared/src/api';

/**
 * The request body as a stream the import may fail on without destroying the request: on an
 * early failure (a bad header) the rest of the upload is drained so that the client reads the
 * answer instead of a reset connection.
 */
function uploadOf(req: Request): { body: Readable; settle: () => void } {
  const body = new PassThrough();
  req.pipe(body);
  req.on('error', (err) => body.destroy(err));
  req.on('close', () => {
    if (!req.complete) body.destroy(new Error('the upload was cut off before its end'));
  });
  return {
    body,
    settle: () => {
      req.unpipe(body);
      if (!req.complete) req.resume();
    },
  };
}

export function callRoutes(deps: Deps): Router {
  const r = Router();
  r.get('/v1/calls', async (req, res) => void res.json(await listCalls(deps, callerOf(req), req.query)));
  r.post('/v1/calls', express.json({ limit: '1mb', strict: false }), async (req, res) => {
    const c = callerOf(req);
    if (c.scopeTenantId !== null) throw forbidden('only staff import call records');
    const query = parseWith(queryShape, req.query, 'query');
    const common = { factsOf: contractFactsOrNull(deps.contracts, c.clock.nowMs(), c.requestId), nowMs: c.clock.nowMs() };
    let summary: ImportSummary;
    if (req.is('text/csv')) {
      const upload = uploadOf(req);
      try {
        summary = await importCalls(deps.knex, upload.body, { ...common, format: 'csv', defaultContractId: query.contractId?.toLowerCase() ?? null });
      } finally {
        upload.settle();
      }
    } else if (req.is('application/json')) {
      let rows: unknown[];
      let contractId = query.contractId?.toLowerCase() ?? null;
      if (Array.isArray(req.body)) rows = req.body;
      else {
        const body = parseWith(jsonObjectShape, req.body);
        const fromBody = body.contractId?.toLowerCase() ?? null;
        if (fromBody && contractId && fromBody !== contractId) {
          throw new AppError('validation', 'the body and the query name different contracts', [{ path: 'contractId', message: 'differs from ?contractId=' }]);
        }
        contractId = fromBody ?? contractId;
        rows = body.calls;
      }
      // A JSON null would end an object stream: it goes in as a value the row check refuses.
      summary = await importCalls(deps.knex, Readable.from(rows.map((row) => (row === null ? 'null' : row))), { ...common, format: 'objects', defaultContractId: contractId });
    } else {
      throw new AppError('validation', 'send the calls as text/csv (a header line id,seat,startedAt,durationSeconds,callType[,contractId]) or as a JSON array', [
        { path: 'content-type', message: 'must be text/csv or application/json' },
      ]);
    }
    deps.log.info({ requestId: c.requestId, ...summary, rejected: undefined }, `calls imported: ${summaryLine(summary)}`);
    res.status(200).json(summary);
  });
  r.post('/v1/calls/:id/void', express.json({ limit: '16kb' }), async (req, res) => void res.json(await voidCall(deps, callerOf(req), String(req.params.id), req.body)));
  return r;
}
