/**
 * Real HTTP between the services, with the internal credential, a timeout, and the caller's
 * request id, actor and clock passed along.
 */
import { AppError } from './errors';
import { ACTOR_HEADER, INTERNAL_HEADER, REQUEST_ID_HEADER, type Actor } from './http';
import { TEST_NOW_HEADER } from './clock';

export interface CallContext {
  requestId?: string;
  actor?: Actor;
  /** Epoch ms of "now" to pass on (test clock only). */
  nowMs?: number;
}

export interface ServiceResponse<T> {
  status: number;
  body: T;
}

export class ServiceClient {
  constructor(
    readonly baseUrl: string,
    private readonly internalToken: string,
    private readonly timeoutMs = 10_000,
    private readonly serviceName = 'service',
  ) {}

  async call<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    ctx: CallContext = {},
  ): Promise<ServiceResponse<T>> {
    const headers: Record<string, string> = { [INTERNAL_HEADER]: this.internalToken, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (ctx.requestId) headers[REQUEST_ID_HEADER] = ctx.requestId;
    if (ctx.actor) headers[ACTOR_HEADER] = JSON.stringify(ctx.actor);
    if (ctx.nowMs !== undefined) headers[TEST_NOW_HEADER] = new Date(ctx.nowMs).toISOString();
    let res: globalThis.Response;
    try {
      res = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (e) {
      const name = (e as Error).name;
      if (name === 'TimeoutError' || name === 'AbortError') {
        throw new AppError('timeout', `${this.serviceName} did not answer within ${this.timeoutMs} ms`);
      }
      throw new AppError('upstream', `${this.serviceName} is unreachable: ${(e as Error).message}`);
    }
    const text = await res.text();
    let parsed: unknown = undefined;
    if (text.length > 0) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    return { status: res.status, body: parsed as T };
  }

  /** Calls and expects a 2xx; a 4xx problem from the service is passed on as the same error. */
  async expect<T = unknown>(method: string, path: string, body?: unknown, ctx: CallContext = {}): Promise<T> {
    const res = await this.call<T>(method, path, body, ctx);
    if (res.status >= 200 && res.status < 300) return res.body;
    const problem = res.body as { detail?: string; errors?: { path: string; message: string }[] } | undefined;
    const kindByStatus: Record<number, AppError['kind']> = {
      400: 'validation',
      404: 'not_found',
      409: 'conflict',
      403: 'forbidden',
      422: 'unprocessable',
    };
    const kind = kindByStatus[res.status];
    if (kind) throw new AppError(kind, problem?.detail ?? `${this.serviceName} answered ${res.status}`, problem?.errors ?? []);
    throw new AppError('upstream', `${this.serviceName} answered ${res.status} for ${method} ${path}`);
  }
}
