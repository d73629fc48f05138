/**
 * Forwards a public request to the service that serves it, over real HTTP on kept-alive
 * connections — reads (the fast path's GET/HEAD, the hot path) over an undici pool per service
 * (decision 0085), everything else over a node:http agent — and streams the answer back with
 * its status and content type.
 * A service that does not answer its response head in time → 504; one that cannot be reached
 * → 502; both as problem+json, and always in bounded time.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { Pool, type Dispatcher } from 'undici';
import {
  ACTOR_HEADER,
  AppError,
  IDEMPOTENCY_KEY_HEADER,
  IDEMPOTENCY_SCOPE_HEADER,
  INTERNAL_HEADER,
  REQUEST_HASH_HEADER,
  REQUEST_ID_HEADER,
  TEST_NOW_HEADER,
  type Logger,
} from '@seatlease/shared';
import { writeProblem } from '../http/problem';
import type { UpstreamHistogram } from './upstream.metrics';

export type UpstreamName = 'contract-service' | 'billing-service' | 'assessment-service';

/** Request headers every forwarded request may carry (besides ours). */
const FORWARDED_REQUEST_HEADERS = ['content-type', 'accept', 'accept-language', 'idempotency-key'] as const;
/** Response headers passed back to the client; everything else (hop-by-hop, server details) stays behind. */
const FORWARDED_RESPONSE_HEADERS = [
  'content-type',
  'content-length',
  'content-disposition',
  // the fapiao batch export: how many fapiao the file holds, how many lacked a profile
  'x-seatlease-fapiao-count',
  'x-seatlease-skipped-no-profile',
  'content-language',
  'location',
  'retry-after',
  'cache-control',
  'etag',
  'last-modified',
  'link',
  'warning',
  'idempotent-replayed',
] as const;
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

export interface ForwardOptions {
  service: UpstreamName;
  /** The request's id, passed on to the service. */
  requestId: string;
  /** The request target as the client sent it (path and query). */
  url: string;
  /** The body read by the gateway (≤ 1 MB), forwarded byte for byte. */
  body?: Buffer;
  /** Stream the request itself through (large CSV uploads), at most `streamLimitBytes`. */
  stream?: { limitBytes: number; onHashed: (sha256Hex: string) => void };
  /** The caller, as the JSON header the services read (absent for public routes). */
  actorHeader?: string;
  /** The test clock, when on. */
  nowMs?: number;
  /** Route-specific request headers to pass on (e.g. stripe-signature). */
  extraHeaders?: readonly string[];
  /** The Idempotency-Key, passed on so that the service records it in its write's transaction. */
  idempotency?: { scope: string; key: string; requestHash: string };
  /**
   * The response is being recorded for an Idempotency-Key: read the service's whole answer
   * (POST answers are small) and finish it even when the client has gone, so that the
   * record completes and a retry replays it instead of running the request twice.
   */
  completeWithoutClient?: boolean;
  /**
   * Headers the gateway answers with, flat [name, value, …] (the fast path: request id,
   * security and rate-limit headers), written in one `writeHead` with the service's status
   * and headers. Without it those were set on the response beforehand (the Express path).
   */
  head?: readonly string[];
  /**
   * Rewrites a 2xx JSON answer before it goes out (composed contract answers, decision 0062):
   * the service's answer is read whole (at most MAX_COMPOSED_BYTES) and the result is sent with
   * its own content-length. It must not reject: on trouble it answers the body as it came.
   */
  compose?: (body: Buffer) => Promise<Buffer>;
}

/** The largest answer the gateway reads whole to compose (a list page of 500 contracts is far below). */
const MAX_COMPOSED_BYTES = 8 * 1024 * 1024;

class UpstreamTimeoutError extends Error {
  readonly code = 'UPSTREAM_TIMEOUT';
}

class BodyTooLargeError extends Error {
  readonly code = 'BODY_TOO_LARGE';
}

/** Counts and hashes a streamed body, failing once it passes the limit. */
class LimitedHashingStream extends Transform {
  private bytes = 0;
  private readonly hash: Hash;

  constructor(
    private readonly limitBytes: number,
    seed: string,
    private readonly onHashed: (hex: string) => void,
  ) {
    super();
    this.hash = createHash('sha256').update(seed);
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.limitBytes) return cb(new BodyTooLargeError(`the body is larger than ${this.limitBytes} bytes`));
    this.hash.update(chunk);
    cb(null, chunk);
  }

  override _flush(cb: TransformCallback): void {
    this.onHashed(this.hash.digest('hex'));
    cb();
  }
}

/** The seed of a request fingerprint; the body bytes follow it. Shared with the idempotency layer. */
export function fingerprintSeed(method: string, path: string): string {
  return `${method}\n${path}\n`;
}

function originForm(target: string): string {
  try {
    const url = new URL(target);
    return `${url.pathname}${url.search}`;
  } catch {
    return '/';
  }
}

export interface UpstreamProxyOptions {
  targets: Record<UpstreamName, string>;
  internalToken: string;
  timeoutMs: number;
  histogram: UpstreamHistogram;
  log: Logger;
}

/**
 * A read the fast path forwards (`GET`/`HEAD`, no body): what `forward` takes, less what only
 * writes use; the gateway's own answer headers are required (one `writeHead`).
 */
export type ReadOptions = Pick<ForwardOptions, 'service' | 'requestId' | 'url' | 'actorHeader' | 'nowMs' | 'extraHeaders' | 'compose'> & { head: readonly string[] };

/** Connection failures before any answer that a read may safely be sent again for (once). */
const RETRYABLE_READ_ERRORS = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);

/**
 * One forwarded read over undici (decision 0085): the handler of its dispatch, and the state of
 * the exchange as fields, with prototype methods rather than closures made per request.
 */
class ReadExchange implements Dispatcher.DispatchHandler {
  private controller: Dispatcher.DispatchController | null = null;
  private status = 0;
  private responseStarted = false;
  private done = false;
  private clientClosed = false;
  private retried = false;
  /** The answer read whole to be composed, else null (streamed as it comes). */
  private chunks: Buffer[] | null = null;
  private size = 0;
  private readonly startedAt = performance.now();
  /** The upstream timeout (no answer head in time → 504), from the first attempt. */
  private timer: NodeJS.Timeout | undefined;
  /**
   * Listeners on the client's response, made in the constructor (as class fields, tsx's
   * keep-names would name each one with a defineProperty per request); drain's only when needed.
   */
  private readonly onClientClose: () => void;
  private onClientDrain: (() => void) | undefined;

  constructor(
    private readonly proxy: UpstreamProxy,
    private readonly pool: Pool,
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
    private readonly options: ReadOptions,
    private readonly dispatchOptions: Dispatcher.DispatchOptions,
  ) {
    this.onClientClose = () => this.clientGone();
    res.once('close', this.onClientClose);
  }

  start(): void {
    this.timer = setTimeout(readTimedOut, this.proxy.timeoutMs, this);
    this.dispatch();
  }

  private dispatch(): void {
    this.pool.dispatch(this.dispatchOptions, this);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    // the client left, or the time ran out, while the request waited for a connection
    if (this.done || this.clientClosed) controller.abort(new Error('the request was given up before it was sent'));
  }

  /** No answer head within the upstream timeout: give up on the service, answer 504. */
  timedOut(): void {
    // a client that left is accounted for when its request is dropped (onRequestStart → abort)
    if (this.done || this.responseStarted || this.clientClosed) return;
    const err = new UpstreamTimeoutError('upstream timeout');
    if (this.controller) {
      this.controller.abort(err);
      return;
    }
    // still waiting for a connection: answer now; the request is dropped when its turn comes
    this.done = true;
    this.res.off('close', this.onClientClose);
    this.proxy.readFailed(this.options, this.req.method ?? 'GET', err, this.startedAt, this.res);
  }

  onResponseStart(controller: Dispatcher.DispatchController, statusCode: number, headers: Record<string, string | string[] | undefined>): void {
    clearTimeout(this.timer);
    this.controller = controller;
    this.responseStarted = true;
    this.status = statusCode;
    this.proxy.observeUpstream(this.options.service, this.req.method ?? 'GET', String(statusCode), this.startedAt);
    const method = this.req.method;
    const compose = this.options.compose;
    if (compose && statusCode >= 200 && statusCode < 300 && method !== 'HEAD' && /json/i.test(String(headers['content-type'] ?? ''))) {
      this.chunks = [];
      this.headers = headers;
      return;
    }
    this.res.writeHead(statusCode, answerHeadList(this.options.head, headers, compose && method === 'HEAD' ? null : undefined));
  }

  /** The service's headers, kept until a composed answer is written. */
  private headers: Record<string, string | string[] | undefined> = {};

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.chunks) {
      this.size += chunk.length;
      if (this.size > MAX_COMPOSED_BYTES) controller.abort(new Error(`the answer is larger than ${MAX_COMPOSED_BYTES} bytes`));
      else this.chunks.push(chunk);
      return;
    }
    if (!this.res.write(chunk)) {
      controller.pause();
      this.onClientDrain ??= () => this.controller?.resume();
      this.res.once('drain', this.onClientDrain);
    }
  }

  onResponseEnd(): void {
    this.res.off('close', this.onClientClose);
    if (!this.chunks) {
      this.done = true;
      this.res.end();
      return;
    }
    const asCame = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
    void this.options.compose!(asCame)
      .catch(() => asCame)
      .then((body) => {
        if (this.done) return;
        this.done = true;
        this.res.writeHead(this.status, answerHeadList(this.options.head, this.headers, body.length));
        this.res.end(body);
      });
  }

  onResponseError(_controller: Dispatcher.DispatchController, err: Error & { code?: string }): void {
    if (this.done) return;
    if (this.clientClosed) {
      clearTimeout(this.timer);
      this.done = true;
      this.res.off('close', this.onClientClose);
      if (!this.responseStarted) this.proxy.observeUpstream(this.options.service, this.req.method ?? 'GET', 'client_closed', this.startedAt);
      return;
    }
    // A keep-alive connection the service closed just as we used it: a read is safe to send again, once.
    if (!this.responseStarted && !this.retried && err.code !== undefined && RETRYABLE_READ_ERRORS.has(err.code)) {
      this.retried = true;
      this.controller = null;
      this.dispatch();
      return;
    }
    clearTimeout(this.timer);
    this.done = true;
    this.res.off('close', this.onClientClose);
    if (this.responseStarted || this.res.headersSent) {
      this.res.destroy(err);
      return;
    }
    this.proxy.readFailed(this.options, this.req.method ?? 'GET', err, this.startedAt, this.res);
  }

  private clientGone(): void {
    if (this.res.writableFinished || this.done) return;
    this.clientClosed = true;
    this.controller?.abort(new Error('the client closed the connection'));
  }
}

function readTimedOut(exchange: ReadExchange): void {
  exchange.timedOut();
}

/**
 * The head of an answer: the gateway's headers, then the service's forwarded ones; a composed
 * answer has its own content-length (null: none, for HEAD on a composed route).
 */
function answerHeadList(head: readonly string[], headers: Record<string, string | string[] | undefined>, contentLength?: number | null): string[] {
  const answer = head.slice();
  const skip = contentLength === undefined ? null : 'content-length';
  for (const name of FORWARDED_RESPONSE_HEADERS) {
    if (name === skip) continue;
    const v = headers[name];
    if (typeof v === 'string') answer.push(name, v);
    else if (v !== undefined) for (const one of v) answer.push(name, one);
  }
  if (typeof contentLength === 'number') answer.push('content-length', String(contentLength));
  return answer;
}

export class UpstreamProxy {
  /**
   * One keep-alive pool for all the services. Idle sockets are dropped after 4 s, before Node's
   * default 5 s server keep-alive timeout can close them under us.
   */
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 512, maxFreeSockets: 128, timeout: 4_000, scheduling: 'lifo' });
  private readonly targets: Record<UpstreamName, URL>;
  /**
   * The fast path's reads go over undici, one pool per service (decision 0085): it costs the
   * gateway less CPU per request than node:http's client. Up to 512 connections a service, as
   * the agent; a free connection is taken from the front of the list, so under light load the
   * same few stay warm. Idle ones close after 4 s (less when a service's keep-alive hint, less
   * 2 s, is shorter), as the agent's; no answer head within the upstream timeout → 504.
   */
  private readonly pools: Record<UpstreamName, Pool>;

  constructor(private readonly opts: UpstreamProxyOptions) {
    this.targets = {
      'contract-service': new URL(opts.targets['contract-service']),
      'billing-service': new URL(opts.targets['billing-service']),
      'assessment-service': new URL(opts.targets['assessment-service']),
    };
    // headersTimeout off: undici's timers tick every half second; the exchange keeps its own
    const pool = (url: URL) => new Pool(url.origin, { connections: 512, pipelining: 1, keepAliveTimeout: 4_000, keepAliveMaxTimeout: 4_000, headersTimeout: 0 });
    this.pools = {
      'contract-service': pool(this.targets['contract-service']),
      'billing-service': pool(this.targets['billing-service']),
      'assessment-service': pool(this.targets['assessment-service']),
    };
  }

  get timeoutMs(): number {
    return this.opts.timeoutMs;
  }

  close(): void {
    this.agent.destroy();
    for (const pool of Object.values(this.pools)) void pool.destroy().catch(() => undefined);
  }

  /**
   * Forwards a read (`GET`/`HEAD` without a body, the fast path) and streams the answer back,
   * with the same headers, checks and problems as `forward`.
   */
  forwardRead(req: IncomingMessage, res: ServerResponse, options: ReadOptions): void {
    const headers: Record<string, string | string[]> = {
      [INTERNAL_HEADER]: this.opts.internalToken,
      [REQUEST_ID_HEADER]: options.requestId,
    };
    if (options.actorHeader) headers[ACTOR_HEADER] = options.actorHeader;
    if (options.nowMs !== undefined) headers[TEST_NOW_HEADER] = new Date(options.nowMs).toISOString();
    for (const name of FORWARDED_REQUEST_HEADERS as readonly string[]) {
      const v = req.headers[name];
      if (v !== undefined) headers[name] = v;
    }
    if (options.extraHeaders) {
      for (const name of options.extraHeaders) {
        const v = req.headers[name];
        if (v !== undefined) headers[name] = v;
      }
    }
    const method = req.method === 'HEAD' ? 'HEAD' : 'GET';
    new ReadExchange(this, this.pools[options.service], req, res, options, { method, path: options.url, headers }).start();
  }

  /** `gateway_upstream_duration_seconds`, from `startedAt` (performance.now()). */
  observeUpstream(service: UpstreamName, method: string, status: string, startedAt: number): void {
    this.opts.histogram.observe({ service, method, status }, (performance.now() - startedAt) / 1000);
  }

  /** A read that got no answer: 504 when the service was too slow, else 502. */
  readFailed(options: ReadOptions, method: string, err: Error & { code?: string }, startedAt: number, res: ServerResponse): void {
    const { requestId, service, head } = options;
    const path = options.url;
    if (err instanceof UpstreamTimeoutError) {
      this.observeUpstream(service, method, 'timeout', startedAt);
      this.opts.log.warn({ requestId, upstream: service, path }, 'upstream timed out');
      writeProblem(res, new AppError('timeout', `${service} did not answer within ${this.opts.timeoutMs} ms`), head);
      return;
    }
    this.observeUpstream(service, method, 'unreachable', startedAt);
    this.opts.log.warn({ requestId, upstream: service, path, err: err.message }, 'upstream unreachable');
    writeProblem(res, new AppError('upstream', `${service} is unreachable (${err.code ?? err.message})`), head);
  }

  forward(req: IncomingMessage, res: ServerResponse, options: ForwardOptions): void {
    const target = this.targets[options.service];
    // Keep path and query as sent; an absolute-form target is reduced to origin form.
    const path = options.url.startsWith('/') ? options.url : originForm(options.url);
    const requestId = options.requestId;
    const head = options.head ?? [];
    const headers: http.OutgoingHttpHeaders = {
      host: target.host,
      [INTERNAL_HEADER]: this.opts.internalToken,
      [REQUEST_ID_HEADER]: requestId,
    };
    if (options.actorHeader) headers[ACTOR_HEADER] = options.actorHeader;
    if (options.nowMs !== undefined) headers[TEST_NOW_HEADER] = new Date(options.nowMs).toISOString();
    if (options.idempotency) {
      headers[IDEMPOTENCY_KEY_HEADER] = options.idempotency.key;
      headers[IDEMPOTENCY_SCOPE_HEADER] = options.idempotency.scope;
      headers[REQUEST_HASH_HEADER] = options.idempotency.requestHash;
    }
    // As plain names: @types/node 24 types some outgoing headers (accept, content-type) as
    // string only, but an incoming one may repeat, and we pass it on as it came.
    for (const name of FORWARDED_REQUEST_HEADERS as readonly string[]) {
      const v = req.headers[name];
      if (v !== undefined) headers[name] = v;
    }
    for (const name of options.extraHeaders ?? []) {
      const v = req.headers[name];
      if (v !== undefined) headers[name] = v;
    }
    if (options.body) headers['content-length'] = options.body.length;
    else if (options.stream && req.headers['content-length']) headers['content-length'] = req.headers['content-length'];
    else if (!options.stream) headers['content-length'] = 0;

    const method = req.method ?? 'GET';
    const startedAt = performance.now();
    let responseStarted = false;
    let done = false;
    let clientClosed = false;
    const observe = (status: string) => {
      this.opts.histogram.observe({ service: options.service, method, status }, (performance.now() - startedAt) / 1000);
    };

    const fail = (err: Error & { code?: string }) => {
      if (done) return;
      done = true;
      if (responseStarted || res.headersSent) {
        res.destroy(err);
        return;
      }
      if (clientClosed && !options.completeWithoutClient) {
        observe('client_closed');
        return;
      }
      if (err instanceof BodyTooLargeError) {
        observe('aborted');
        req.resume(); // discard the rest; the socket closes after the answer
        writeProblem(res, new AppError('too_large', `${err.message} (the limit for this upload)`), [...head, 'connection', 'close']);
        return;
      }
      if (err instanceof UpstreamTimeoutError) {
        observe('timeout');
        this.opts.log.warn({ requestId, upstream: options.service, path }, 'upstream timed out');
        writeProblem(res, new AppError('timeout', `${options.service} did not answer within ${this.opts.timeoutMs} ms`), head);
        return;
      }
      observe('unreachable');
      this.opts.log.warn({ requestId, upstream: options.service, path, err: err.message }, 'upstream unreachable');
      writeProblem(res, new AppError('upstream', `${options.service} is unreachable (${err.code ?? err.message})`), head);
    };

    const attempt = (mayRetry: boolean) => {
      const upstreamReq = http.request({
        protocol: target.protocol,
        hostname: target.hostname,
        port: target.port,
        method,
        path,
        headers,
        agent: this.agent,
      });
      let timer: NodeJS.Timeout | undefined;
      const armTimer = () => {
        timer = setTimeout(() => upstreamReq.destroy(new UpstreamTimeoutError('upstream timeout')), this.opts.timeoutMs);
      };
      const clientGone = () => {
        if (res.writableFinished) return;
        clientClosed = true;
        if (!options.completeWithoutClient) upstreamReq.destroy();
      };
      res.once('close', clientGone);

      upstreamReq.on('response', (upstreamRes) => {
        clearTimeout(timer);
        responseStarted = true;
        const status = upstreamRes.statusCode ?? 502;
        observe(String(status));
        /**
         * The answer's head: the service's status and forwarded headers; a composed answer has its
         * own content-length (null: none, for HEAD on a composed route, whose GET length differs).
         */
        const answerHead = (contentLength?: number | null) => {
          const skip = contentLength === undefined ? null : 'content-length';
          if (options.head) {
            const answer = [...options.head];
            for (const name of FORWARDED_RESPONSE_HEADERS) {
              if (name === skip) continue;
              const v = upstreamRes.headers[name];
              if (typeof v === 'string') answer.push(name, v);
              else if (v !== undefined) for (const one of v) answer.push(name, one);
            }
            if (typeof contentLength === 'number') answer.push('content-length', String(contentLength));
            res.writeHead(status, answer);
          } else {
            res.statusCode = status;
            for (const name of FORWARDED_RESPONSE_HEADERS) {
              if (name === skip) continue;
              const v = upstreamRes.headers[name];
              if (v !== undefined) res.setHeader(name, v);
            }
            if (typeof contentLength === 'number') res.setHeader('content-length', contentLength);
          }
        };
        upstreamRes.on('error', (err) => fail(err));
        const compose = options.compose;
        if (compose && status >= 200 && status < 300 && method !== 'HEAD' && /json/i.test(upstreamRes.headers['content-type'] ?? '')) {
          const chunks: Buffer[] = [];
          let size = 0;
          upstreamRes.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_COMPOSED_BYTES) upstreamRes.destroy(new Error(`the answer is larger than ${MAX_COMPOSED_BYTES} bytes`));
            else chunks.push(chunk);
          });
          upstreamRes.on('end', () => {
            const asCame = Buffer.concat(chunks);
            void compose(asCame).catch(() => asCame).then((body) => {
              if (done) return;
              done = true;
              answerHead(body.length);
              res.end(body);
            });
          });
          return;
        }
        answerHead(compose && method === 'HEAD' ? null : undefined);
        if (options.completeWithoutClient) {
          const chunks: Buffer[] = [];
          upstreamRes.on('data', (chunk: Buffer) => chunks.push(chunk));
          upstreamRes.on('end', () => {
            done = true;
            res.end(Buffer.concat(chunks));
          });
          return;
        }
        upstreamRes.on('end', () => {
          done = true;
        });
        upstreamRes.pipe(res);
      });

      upstreamReq.on('error', (err: Error & { code?: string }) => {
        clearTimeout(timer);
        res.off('close', clientGone);
        if (done) return;
        // A keep-alive socket the service closed just as we reused it: safe to retry once
        // when the request is idempotent and its body is still in hand.
        if (
          mayRetry &&
          !responseStarted &&
          !clientClosed && // our own destroy() after the client left also reads as ECONNRESET
          upstreamReq.reusedSocket &&
          err.code === 'ECONNRESET' &&
          IDEMPOTENT_METHODS.has(method) &&
          !options.stream
        ) {
          attempt(false);
          return;
        }
        fail(err);
      });

      if (options.stream) {
        const counter = new LimitedHashingStream(options.stream.limitBytes, fingerprintSeed(method, path), options.stream.onHashed);
        counter.on('error', (err) => {
          req.unpipe(counter);
          upstreamReq.destroy(err);
        });
        req.on('close', () => {
          if (!req.complete) upstreamReq.destroy(new Error('the client aborted the upload'));
        });
        // The timeout counts from the moment the whole body was handed to the service.
        upstreamReq.on('finish', armTimer);
        req.pipe(counter).pipe(upstreamReq);
      } else {
        armTimer();
        upstreamReq.end(options.body);
      }
    };

    attempt(true);
  }
}
