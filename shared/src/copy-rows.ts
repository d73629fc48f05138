/**
 * Bulk inserts through COPY … FROM STDIN, inside the caller's transaction: PostgreSQL's fastest
 * way in (it batches heap and index writes), and on our side the cheapest (one text stream, no
 * bound parameters). A billing run's batch writes its invoices, lines, ledgers and mails this
 * way (docs/benchmarks.md). COPY fires the tables' triggers and checks their constraints as an
 * INSERT does, and fails as a whole.
 */
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { Knex } from 'knex';
import type pg from 'pg';
import copyStreams from 'pg-copy-streams';
import pgUtils from 'pg/lib/utils.js';

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const SPECIAL = /[\\\t\n\r]/;
const SPECIAL_ALL = /[\\\t\n\r]/g;

/** A text in COPY's text format: backslash, tab, newline and carriage return escaped. */
export function copyText(s: string): string {
  return SPECIAL.test(s) ? s.replace(SPECIAL_ALL, (c) => ESCAPES[c]!) : s;
}

/**
 * One value in COPY's text format: null is `\N`; arrays, dates and objects are written as
 * node-postgres writes a query parameter (an array becomes an SQL array literal, so a json/jsonb
 * column takes its value already stringified).
 */
export function copyValue(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'string') return copyText(v);
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (typeof v === 'boolean') return v ? 't' : 'f';
  return copyText(String(pgUtils.prepareValue(v)));
}

/**
 * Inserts `rows` (plain objects with the same keys, the table's columns; one left out takes its
 * default) into `table` with one COPY on the transaction's connection (outside a transaction,
 * in one of its own).
 */
export async function insertRows(db: Knex | Knex.Transaction, table: string, rows: readonly object[]): Promise<void> {
  if (rows.length === 0) return;
  if (!db.isTransaction) return db.transaction((trx) => insertRows(trx, table, rows));
  const trx = db as Knex.Transaction;
  const columns = Object.keys(rows[0]!);
  let text = '';
  for (const row of rows) {
    const r = row as Record<string, unknown>;
    let line = '';
    for (let i = 0; i < columns.length; i++) line += (i === 0 ? '' : '\t') + copyValue(r[columns[i]!]);
    text += line + '\n';
  }
  const connection = (await trx.client.acquireConnection()) as pg.ClientBase;
  const list = columns.map((c) => `"${c}"`).join(', ');
  // The unqualified table name is resolved by the connection's search_path, as knex's queries are.
  await pipeline(Readable.from([text]), connection.query(copyStreams.from(`copy "${table}" (${list}) from stdin`)));
}
