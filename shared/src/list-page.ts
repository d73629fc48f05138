/**
 * One list convention for every list (STYLE habit 13, API.md "Lists and corrections"):
 * `{data, hasMore, nextCursor}`, `limit` 1–500 (default 50), an opaque `cursor`, `order=desc|asc`
 * (newest first by default), the list's filters applied in SQL before the limit, and an unknown
 * query parameter refused with a 400 naming it.
 *
 * Keyset pagination, not offsets: a page is "the next `limit` rows after this sort key", so page
 * 1,000 costs what page 1 costs (an index range scan from the key), and rows inserted between two
 * pages neither repeat nor hide a row (a cursor is a position in the order, not a count).
 *
 * Adopting it for a new list is one call in the repository and one schema in the use case:
 *
 *   const query = listQuery({ contractId: uuid().optional() });            // use case
 *   const q = parseListQuery(query, req.query);
 *   const page = await keysetPage(db, db('outages').select('*').where(...), OUTAGE_ORDER, q); // repository
 *   return pageOf(page, outageView);
 */
import type { Knex } from 'knex';
import { z } from 'zod';
import { invalid, type FieldError } from './errors';
import { parseWith } from './validation';
import { assert } from './assert';

export const LIST_LIMIT_DEFAULT = 50;
export const LIST_LIMIT_MAX = 500;

/** The SQL type a sort key is compared as (the cursor carries its value as text). */
export type SortKeyType = 'timestamptz' | 'date' | 'text' | 'uuid' | 'bigint';

/** One column of a list's order; the last key of an order must be unique (it breaks ties). */
export interface SortKey {
  /** A column reference, e.g. `i.issued_on` (qualified where the query joins). */
  column: string;
  type: SortKeyType;
}

export type ListOrder = 'desc' | 'asc';

export interface PageRequest {
  limit: number;
  cursor?: string | undefined;
  order: ListOrder;
}

export interface Page<Row> {
  rows: Row[];
  hasMore: boolean;
  nextCursor: string | null;
}

export interface ListAnswer<T> {
  data: T[];
  hasMore: boolean;
  nextCursor: string | null;
}

/** The paging parameters every list takes, beside its own filters. */
export const pageParams = {
  limit: z.coerce
    .number({ message: `must be a whole number from 1 to ${LIST_LIMIT_MAX}` })
    .int({ message: `must be a whole number from 1 to ${LIST_LIMIT_MAX}` })
    .min(1, { message: 'must be at least 1' })
    .max(LIST_LIMIT_MAX, { message: `must be at most ${LIST_LIMIT_MAX}` })
    .default(LIST_LIMIT_DEFAULT),
  cursor: z.string({ message: 'must be the nextCursor of a previous page' }).max(2000, { message: 'is not a cursor this list gave out' }).optional(),
  order: z.enum(['desc', 'asc'], { message: 'must be desc (newest first) or asc' }).default('desc'),
};

/** A list's query schema: its filters plus the paging parameters. */
export function listQuery<T extends z.ZodRawShape>(filters: T) {
  return z.object({ ...filters, ...pageParams });
}

/** A `true|false` query filter (query strings carry text). */
export const queryBoolean = () =>
  z.enum(['true', 'false'], { message: 'must be true or false' }).transform((v) => v === 'true');

/**
 * Parses a list's query string: an unknown parameter is a 400 naming it (a typo such as
 * `?stauts=open` must not silently answer every row), a repeated one a 400 too.
 */
export function parseListQuery<S extends z.ZodObject<z.ZodRawShape>>(schema: S, query: unknown): z.infer<S> {
  const known = Object.keys(schema.shape);
  const input = (query ?? {}) as Record<string, unknown>;
  const errors: FieldError[] = [];
  for (const [name, value] of Object.entries(input)) {
    if (!known.includes(name)) errors.push({ path: name, message: `is not a parameter of this list (it takes ${known.join(', ')})` });
    else if (typeof value !== 'string') errors.push({ path: name, message: 'must be given once, as a single value' });
  }
  if (errors.length > 0) throw invalid(errors);
  return parseWith(schema, input);
}

const CURSOR_VALUE: Record<SortKeyType, RegExp> = {
  timestamptz: /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:?\d{2}){0,2}|Z)$/,
  date: /^\d{4}-\d{2}-\d{2}$/,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  bigint: /^-?\d{1,18}$/,
  // eslint-disable-next-line no-control-regex
  text: /^[^\u0000]{0,500}$/,
};

const badCursor = () => invalid([{ path: 'cursor', message: 'is not a cursor this list gave out (pass nextCursor from the previous page unchanged)' }]);

export function encodeCursor(values: readonly string[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

/** A cursor back to its key values, each checked against its key's type (never a database error). */
export function decodeCursor(cursor: string, keys: readonly SortKey[]): string[] {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw badCursor();
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  if (!Array.isArray(values) || values.length !== keys.length) throw badCursor();
  return values.map((v, i) => {
    if (typeof v !== 'string' || !CURSOR_VALUE[keys[i]!.type].test(v)) throw badCursor();
    return v;
  });
}

/**
 * The one call a repository makes for a page. `query` selects the row's columns and applies the
 * list's filters; this adds the keyset condition, the order and the limit (one row more than
 * asked, to know whether there is more), and answers the rows with the next cursor.
 * The order `keys` should match an index (with the filter's equality columns first).
 */
export async function keysetPage<Row extends object>(db: Knex | Knex.Transaction, query: Knex.QueryBuilder, keys: readonly SortKey[], page: PageRequest): Promise<Page<Row>> {
  assert(keys.length > 0, 'keysetPage: an order needs at least one key');
  const columns = keys.map((k) => k.column).join(', ');
  if (page.cursor !== undefined) {
    const values = decodeCursor(page.cursor, keys);
    const placeholders = keys.map((k) => `?::${k.type}`).join(', ');
    // A row comparison: PostgreSQL walks a composite index from the key, whatever the page.
    query.whereRaw(`(${columns}) ${page.order === 'desc' ? '<' : '>'} (${placeholders})`, values);
  }
  for (const [i, k] of keys.entries()) {
    query.select(db.raw(`(${k.column})::text as ??`, [`__key${i}`]));
    query.orderBy(k.column, page.order);
  }
  query.limit(page.limit + 1);
  const fetched = (await query) as Array<Row & Record<string, unknown>>;
  const hasMore = fetched.length > page.limit;
  const rows = hasMore ? fetched.slice(0, page.limit) : fetched;
  const last = rows[rows.length - 1];
  const nextCursor = hasMore && last ? encodeCursor(keys.map((_k, i) => String(last[`__key${i}`]))) : null;
  for (const row of rows) for (let i = 0; i < keys.length; i++) delete row[`__key${i}`];
  return { rows: rows as Row[], hasMore, nextCursor };
}

/** A page of rows as the API's list answer. */
export async function pageOf<Row, T>(page: Page<Row>, view: (rows: Row[]) => T[] | Promise<T[]>): Promise<ListAnswer<T>> {
  return { data: await view(page.rows), hasMore: page.hasMore, nextCursor: page.nextCursor };
}

/** An empty list answer (e.g. a tenant_finance caller asking about another tenant). */
export function emptyList(): ListAnswer<never> {
  return { data: [], hasMore: false, nextCursor: null };
}
