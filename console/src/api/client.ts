/**
 * The console's API client: openapi-fetch typed by the gateway's own OpenAPI document
 * (schema.gen.ts). Same origin, so the session cookie goes along by itself; every request that
 * changes something carries the session's CSRF token. The browser never holds an API key.
 */
import createClient from 'openapi-fetch';
import type { components, paths } from './schema.gen';

export type Schemas = components['schemas'];
export type ProblemDoc = Schemas['Problem'];

let csrfToken: string | null = null;
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export const api = createClient<paths>({ baseUrl: window.location.origin, credentials: 'same-origin' });
api.use({
  onRequest({ request }) {
    if (request.method !== 'GET' && request.method !== 'HEAD' && csrfToken) request.headers.set('X-CSRF-Token', csrfToken);
    return request;
  },
});

/** A refusal from the API: its problem document (RFC 9457), with the field errors it names. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly problem: ProblemDoc,
  ) {
    super(problem.detail || problem.title);
  }

  /** The message for one field (`path` as the API names it), if the API named it. */
  fieldError(path: string): string | undefined {
    return this.problem.errors?.find((e) => e.path === path || e.path.startsWith(`${path}.`) || e.path.startsWith(`${path}[`))?.message;
  }
}

function asProblem(status: number, body: unknown): ProblemDoc {
  if (typeof body === 'object' && body !== null && 'title' in body) return body as ProblemDoc;
  return { type: 'about:blank', title: `HTTP ${status}`, status, detail: typeof body === 'string' ? body : '' };
}

/** The data of an answer, or throws its ApiProblem. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw new ApiProblem(response.status, asProblem(response.status, error));
  return data as T;
}
