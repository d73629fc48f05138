/**
 * The one list convention (STYLE habit 13, API.md "Lists"): `{data, hasMore, nextCursor}`,
 * `limit` 1–500 (default 50), an opaque keyset `cursor`, `order=desc|asc` (newest first by
 * default), filters applied in SQL before the limit; an unknown query parameter is a 400.
 */
import type { Knex } from 'knex';
import { invalid, z } from '@seatlease/shared';

export const pageParams = {
  limit: z.coerce.number({ message: 'must be a number 1–500' }).int({ message: 'must be a whole number' }).min(1, { message: 'must be at least 1' }).max(500, { message: 'must be at most 500' }).default(50),
  cursor: z.string().max(200, { message: 'is not a cursor this API gave' }).optional(),
  order: z.enum(['desc', 'asc'], { message: 'must be desc or asc' }).default('desc'),
};

export interface PageQuery {
  limit: number;
  cursor?: string;
  order: 'desc' | 'asc';
}

export interface Page<T> {
  data: T[];
  hasMore: boolean;
  nextCursor: string | null;
}

function decode(cursor: string): [string, string] {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[0] === 'string' && typeof parsed[1] === 'string' && !Number.isNaN(Date.parse(parsed[0])) && /^[0-9a-f-]{36}$/.test(parsed[1])) {
      return [parsed[0], parsed[1]];
    }
  } catch {
    // falls through to the 400
  }
  throw invalid([{ path: 'cursor', message: 'is not a cursor this API gave' }]);
}

/** Orders by (`column`, id) and starts after the cursor; fetches one row more to learn hasMore. */
export function applyPage<T extends object>(qb: Knex.QueryBuilder<T>, column: string, q: PageQuery): Knex.QueryBuilder<T> {
  if (q.cursor) {
    const [at, id] = decode(q.cursor);
    qb.whereRaw(`(??, id) ${q.order === 'desc' ? '<' : '>'} (?::timestamptz, ?::uuid)`, [column, at, id]);
  }
  return qb.orderBy([{ column, order: q.order }, { column: 'id', order: q.order }]).limit(q.limit + 1);
}

export function pageOf<R, T>(fetched: readonly unknown[], q: PageQuery, column: string, view: (r: R) => T): Page<T> {
  const rows = fetched as R[];
  const hasMore = rows.length > q.limit;
  const kept = hasMore ? rows.slice(0, q.limit) : rows;
  const last = kept[kept.length - 1] as Record<string, unknown> | undefined;
  const nextCursor = hasMore && last ? Buffer.from(JSON.stringify([(last[column] as Date).toISOString(), last.id])).toString('base64url') : null;
  return { data: kept.map(view), hasMore, nextCursor };
}

export const emptyPage = <T>(): Page<T> => ({ data: [], hasMore: false, nextCursor: null });
