/**
 * Endpoints and list parameters that API.md documents ("Lists and corrections") but the
 * gateway's OpenAPI document does not describe yet (issue 24 adds them: cursor paging on every
 * list, `GET /v1/tenants?q=`, invoice filters). Written here in the documented shape so the
 * pages already use them; once the document carries them, delete the entry and the generated
 * types take over.
 */
import type { components, paths } from './schema.gen';

type S = components['schemas'];

/** Every list answers this (API.md, Lists). */
export interface Page<T> {
  data: T[];
  hasMore?: boolean;
  nextCursor?: string | null;
}

export interface ListParams {
  limit?: number;
  cursor?: string;
  order?: 'asc' | 'desc';
}

interface Get<Q, R> {
  parameters: { query?: Q; header?: never; path?: never; cookie?: never };
  requestBody?: never;
  responses: { 200: { headers: Record<string, unknown>; content: { 'application/json': R } } };
}

interface WithPath<Q, R> {
  parameters: { query?: Q; header?: never; path: { id: string }; cookie?: never };
  requestBody?: never;
  responses: { 200: { headers: Record<string, unknown>; content: { 'application/json': R } } };
}

export type InvoiceSummary = Omit<S['Invoice'], 'lines'> & { lines?: S['InvoiceLine'][] };

interface Pending {
  '/v1/tenants': { get: Get<ListParams & { q?: string }, Page<S['Tenant']>> };
  '/v1/invoices': {
    get: Get<
      ListParams & { status?: 'open' | 'paid' | 'void'; overdue?: boolean; period?: string; tenantId?: string; contractId?: string },
      Page<InvoiceSummary>
    >;
  };
  '/v1/payments': { get: Get<ListParams & { tenantId?: string }, Page<S['Payment']>> };
  '/v1/contracts': { get: Get<ListParams & { tenantId?: string; status?: string }, Page<S['Contract']>> };
  '/v1/contracts/{id}/upcoming-invoice': { get: WithPath<{ period?: string }, S['InvoicePreview']> };
}

type Merged<A, B> = Omit<A, keyof B> & B;

/** The generated paths, with the pending entries above laid over them. */
export type ConsolePaths = {
  [P in keyof paths | keyof Pending]: P extends keyof Pending
    ? P extends keyof paths
      ? Merged<paths[P], Pending[P]>
      : Pending[P]
    : P extends keyof paths
      ? paths[P]
      : never;
};
