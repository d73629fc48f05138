/**
 * The list convention (API.md "Lists and corrections"): `{data, hasMore, nextCursor}`, `limit`
 * 1–500 (default 50), an opaque `cursor`, `order=desc|asc` (newest first by default), filters
 * applied in SQL before the limit. Written small on purpose so it can give way to the shared
 * keyset helper (issue 24) without touching the use cases that call it.
 */
import type { Knex } from 'knex';
import { invalid, z } from '@seatlease/shared';

export const pageQuery = {
  limit: z.coerce.number({ message: 'must be a whole number from 1 to 500' }).int({ message: 'must be a whole number from 1 to 500' }).min(1, { message: 'must be at least 1' }).max(500, { message: 'must be at most 500' }).default(50),
  cursor: z.string().max(200).optional(),
  order: z.enum(['desc', 'asc'], { message: 'must be desc or asc' }).default('desc'),
};

export interface PageParams {
  limit: number;
  cursor?: string | undefined;
  order: 'desc' | 'asc';
}

interface CursorKey {
  at: string;
  id: string;
}

function decodeCursor(cursor: string): CursorKey {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    if (typeof at !== 'string' || typeof id !== 'string' || Number.isNaN(Date.parse(at))) throw new Error('bad cursor');
    return { at, id };
  } catch {
    throw invalid([{ path: 'cursor', message: 'is not a cursor this list gave out' }]);
  }
}

function encodeCursor(at: Date, id: string): string {
  return Buffer.from(JSON.stringify([at.toISOString(), id])).toString('base64url');
}

/**
 * One keyset page over (`timeColumn`, `idColumn`): the query is already filtered; this orders,
 * starts after the cursor and reads one row more than the limit to know whether more follow.
 */
export async function keysetPage<R extends Record<string, unknown>>(
  query: Knex.QueryBuilder,
  page: PageParams,
  timeColumn: string,
  idColumn: string,
  timeOf: (row: R) => Date,
  idOf: (row: R) => string,
): Promise<{ rows: R[]; hasMore: boolean; nextCursor: string | null }> {
  const dir = page.order;
  if (page.cursor) {
    const key = decodeCursor(page.cursor);
    query.whereRaw(`(${timeColumn}, ${idColumn}) ${dir === 'desc' ? '<' : '>'} (?::timestamptz, ?::uuid)`, [key.at, key.id]);
  }
  const rows = (await query.orderBy([{ column: timeColumn, order: dir }, { column: idColumn, order: dir }]).limit(page.limit + 1)) as R[];
  const hasMore = rows.length > page.limit;
  const data = hasMore ? rows.slice(0, page.limit) : rows;
  const last = data[data.length - 1];
  return { rows: data, hasMore, nextCursor: hasMore && last ? encodeCursor(timeOf(last), idOf(last)) : null };
}
