/**
 * Idempotency-Key on POST (API.md "Auth"): the first request with a key runs and its answer
 * (status, content type, body) is stored, keyed by (API key, Idempotency-Key). The same key
 * with the same method, path and body replays that answer with `Idempotent-Replayed: true`;
 * with anything different → 409; while the first is still running → 409. A 5xx or timeout
 * releases the key so that a retry runs again. Records expire after 24 hours.
 */
import { createHash } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { AppError, conflict, invalid, sendProblem, type Logger, type Metrics } from '@seatlease/shared';
import type { IdempotencyRecord, IdempotencyRepository } from './idempotency.repository';
import { fingerprintSeed } from '../upstream/upstream.proxy';
import { CSV_STREAM_LIMIT_BYTES } from '../http/body.middleware';

const IDEMPOTENCY_HEADER = 'idempotency-key';
const REPLAYED_HEADER = 'Idempotent-Replayed';
export const IDEMPOTENCY_EXPIRY_MS = 24 * 60 * 60 * 1000;
/**
 * An in-progress record older than the upstream timeout plus this was left behind: its gateway
 * died mid-request, or could not release the key (the database itself was down). By then the
 * gateway that made it has answered (at the latest with a 504), so a retry may run: the services
 * record the key in their write's transaction and replay a committed answer (issue 18).
 */
const IDEMPOTENCY_ABANDONED_MARGIN_MS = 5_000;
/** Answers larger than this are not stored (the key is released instead). */
const MAX_STORED_RESPONSE_BYTES = 1024 * 1024;
const KEY_RE = /^[\x21-\x7e]{1,255}$/;

/** Where a local handler puts the body to store instead of what it sent (e.g. without a secret). */
export const STORED_BODY_LOCAL = 'idempotencyStoredBody';

function requestFingerprint(method: string, path: string, body: Buffer | undefined): string {
  const hash = createHash('sha256').update(fingerprintSeed(method, path));
  if (body) hash.update(body);
  return hash.digest('hex');
}

/** Reads a streamed body to its end only to fingerprint it (a replayed CSV upload). */
function fingerprintStream(req: Request, limitBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256').update(fingerprintSeed(req.method, req.originalUrl));
    let bytes = 0;
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > limitBytes) {
        req.destroy();
        reject(new AppError('too_large', `the body is larger than ${limitBytes / (1024 * 1024)} MB`));
        return;
      }
      hash.update(chunk);
    });
    req.on('end', () => resolve(hash.digest('hex')));
    req.on('error', reject);
  });
}

export interface IdempotencyOptions {
  repo: IdempotencyRepository;
  /** SEATLEASE_UPSTREAM_TIMEOUT_MS: no request of this gateway waits longer for its service. */
  upstreamTimeoutMs: number;
  log: Logger;
  metrics: Metrics;
}

export function idempotencyMiddleware(opts: IdempotencyOptions): RequestHandler {
  const replays = opts.metrics.counter('gateway_idempotent_replays_total', 'Responses replayed for a repeated Idempotency-Key');

  async function answerExisting(req: Request, res: Response, record: IdempotencyRecord, requestHash: string | null): Promise<void> {
    if (record.method !== req.method || record.path !== req.originalUrl) {
      throw conflict(`this Idempotency-Key was first used for ${record.method} ${record.path}; use a new key for a different request`);
    }
    if (requestHash !== null && record.requestHash !== null && record.requestHash !== requestHash) {
      throw conflict('this Idempotency-Key was first used with a different body; use a new key for a different request');
    }
    if (record.state === 'in_progress') {
      return sendProblem(res, conflict('a request with this Idempotency-Key is still in progress; retry shortly'), { 'Retry-After': '1' });
    }
    const hash = requestHash ?? (await fingerprintStream(req, CSV_STREAM_LIMIT_BYTES));
    if (record.requestHash !== hash) {
      throw conflict('this Idempotency-Key was first used with a different body; use a new key for a different request');
    }
    replays.inc();
    res.status(record.responseStatus ?? 200);
    res.setHeader(REPLAYED_HEADER, 'true');
    if (record.responseContentType) res.setHeader('content-type', record.responseContentType);
    res.end(record.responseBody ?? Buffer.alloc(0));
  }

  /** Wraps res.write/res.end to capture the answer; stores it (or releases the key) before the last byte goes out. */
  function record(req: Request, res: Response, apiKeyId: string, key: string, requestHash: string | null): void {
    const chunks: Buffer[] = [];
    let size = 0;
    let overflow = false;
    const capture = (chunk: unknown, encoding: unknown) => {
      if (chunk === undefined || chunk === null || overflow) return;
      const buf = Buffer.isBuffer(chunk)
        ? chunk
        : chunk instanceof Uint8Array
          ? Buffer.from(chunk)
          : Buffer.from(String(chunk), typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
      size += buf.length;
      if (size > MAX_STORED_RESPONSE_BYTES) {
        overflow = true;
        chunks.length = 0;
      } else chunks.push(buf);
    };
    const originalWrite = res.write.bind(res) as (...args: unknown[]) => boolean;
    const originalEnd = res.end.bind(res) as (...args: unknown[]) => Response;
    let settled = false;

    (res as { write: unknown }).write = (chunk: unknown, encoding?: unknown, cb?: unknown) => {
      capture(chunk, encoding);
      return originalWrite(chunk, encoding, cb);
    };
    (res as { end: unknown }).end = (chunk?: unknown, encoding?: unknown, cb?: unknown) => {
      if (typeof chunk === 'function') {
        cb = chunk;
        chunk = undefined;
        encoding = undefined;
      } else if (typeof encoding === 'function') {
        cb = encoding;
        encoding = undefined;
      }
      capture(chunk, encoding);
      const args = [chunk, encoding, cb].filter((a, i) => a !== undefined || i === 0);
      if (settled) return originalEnd(...args);
      settled = true;
      const status = res.statusCode;
      const finalHash = requestHash ?? req.streamedBodyHash ?? null;
      const stored = res.locals[STORED_BODY_LOCAL] as Buffer | undefined;
      const persist =
        status >= 500 || overflow || finalHash === null
          ? opts.repo.release(apiKeyId, key)
          : opts.repo.complete(apiKeyId, key, {
              requestHash: finalHash,
              status,
              contentType: (res.getHeader('content-type') as string | undefined) ?? null,
              body: stored ?? Buffer.concat(chunks),
            });
      persist
        .catch((err: unknown) => opts.log.error({ err, requestId: req.requestId }, 'could not store the idempotency record'))
        .finally(() => originalEnd(...args));
      return res;
    };
  }

  return async (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'POST' || !req.apiKey) return next();
    const key = req.headers[IDEMPOTENCY_HEADER];
    if (key === undefined) return next();
    if (typeof key !== 'string' || !KEY_RE.test(key)) {
      throw invalid([{ path: 'Idempotency-Key', message: 'must be 1 to 255 visible ASCII characters' }]);
    }
    const requestHash = req.streamBody ? null : requestFingerprint(req.method, req.originalUrl, Buffer.isBuffer(req.body) ? req.body : undefined);
    const nowMs = Date.now();
    const reservation = await opts.repo.reserve({
      apiKeyId: req.apiKey.id,
      key,
      method: req.method,
      path: req.originalUrl,
      requestHash,
      expiredBefore: new Date(nowMs - IDEMPOTENCY_EXPIRY_MS),
      abandonedBefore: new Date(nowMs - opts.upstreamTimeoutMs - IDEMPOTENCY_ABANDONED_MARGIN_MS),
    });
    if (reservation.kind === 'existing') return answerExisting(req, res, reservation.record, requestHash);
    req.idempotencyRecording = true;
    req.idempotency = { scope: req.apiKey.id, key, requestHash };
    record(req, res, req.apiKey.id, key, requestHash);
    next();
  };
}
