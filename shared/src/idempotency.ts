/**
 * Exactly once, end to end. The gateway's `Idempotency-Key` store answers most retries by itself,
 * but it is written after the service answered, so it cannot know about a write whose answer
 * was lost (a COMMIT acknowledged to nobody, a service killed between commit and answer): it
 * releases the key on any 5xx and the retry runs again. So the key also travels to the service
 * that writes, which records it in the SAME transaction as the write, with the request's hash and
 * the answer. A retry then finds the committed record and gets that answer back (or 409 for a
 * different request), whatever gateway or service replica it reaches.
 *
 * Adopting it in a use case (docs/reliability.md, "Exactly once in the services"):
 * - the route: `r.post(path, onceRoute(201, (req, once) => useCase(deps, { ...caller(req), once }, req.body)))`;
 * - the use case: `exactlyOnce(deps.knex, caller.once, async (trx) => { …write…; return answer; })`
 *   instead of `deps.knex.transaction(…)`, the answer read inside the transaction;
 * - the service's migrations: `idempotentRequestsMigration` appended to its list;
 * - the gateway's route table: `idempotency: 'recorded'` on the route.
 */
import type { Knex } from 'knex';
import type { Request, RequestHandler, Response } from 'express';
import { conflict } from './errors';
import type { Migration } from './db';
import { assert } from './assert';

/** Headers the gateway adds when it forwards a POST that came with an Idempotency-Key. */
export const IDEMPOTENCY_KEY_HEADER = 'x-seatlease-idempotency-key';
/** sha256 of method, path and body bytes, as the gateway fingerprints them. */
export const REQUEST_HASH_HEADER = 'x-seatlease-request-hash';
/** The API key the Idempotency-Key belongs to: keys are scoped per API key, as in the gateway. */
export const IDEMPOTENCY_SCOPE_HEADER = 'x-seatlease-idempotency-scope';
/** On an answer replayed from a record (the gateway's or a service's). */
export const REPLAYED_RESPONSE_HEADER = 'idempotent-replayed';

/** Records are kept this long; after that the key may be used again (as in the gateway). */
export const IDEMPOTENT_RECORD_TTL_MS = 24 * 60 * 60 * 1000;
const TABLE = 'idempotent_requests';
const KEY_RE = /^[\x21-\x7e]{1,255}$/;
const HASH_RE = /^[0-9a-f]{64}$/;

/** One request's key, as the service learns it from the gateway. */
export interface IdempotencyContext {
  scope: string;
  key: string;
  requestHash: string;
  method: string;
  path: string;
  /** The status the route answers when the request runs. */
  status: number;
  /** Set by exactlyOnce when the answer came from an earlier request's record. */
  replayedStatus?: number;
}

/** The request's key from the gateway's internal headers, or null when it came without one. */
export function idempotencyContextOf(req: Request, status: number): IdempotencyContext | null {
  const key = req.header(IDEMPOTENCY_KEY_HEADER);
  const requestHash = req.header(REQUEST_HASH_HEADER);
  const scope = req.header(IDEMPOTENCY_SCOPE_HEADER);
  if (key === undefined || requestHash === undefined || scope === undefined) return null;
  // Only the gateway sets these (the internal credential was checked), but stay strict.
  if (!KEY_RE.test(key) || !HASH_RE.test(requestHash) || !KEY_RE.test(scope)) return null;
  return { scope, key, requestHash, method: req.method, path: req.originalUrl, status };
}

/**
 * Runs `write` in one transaction that first claims (scope, key) and finally stores `write`'s
 * answer beside it. When the key was already used: the stored answer (the route sends it with
 * the stored status and `Idempotent-Replayed: true`), or 409 when the method, path or body
 * differ. A concurrent first request holds the key's row lock: the retry waits for its commit
 * (then replays) or its rollback (then runs). Without a key it is a plain transaction.
 * `write` must read its answer inside the transaction: once it commits, nothing may fail it.
 */
export async function exactlyOnce<T>(
  knex: Knex,
  once: IdempotencyContext | null | undefined,
  write: (trx: Knex.Transaction) => Promise<T>,
  options: { /** What to record instead of the answer (e.g. without a secret shown once). */ record?: (answer: T) => unknown } = {},
): Promise<T> {
  if (!once) return knex.transaction(write);
  for (let attempt = 0; ; attempt++) {
    const outcome = await knex.transaction(async (trx) => {
      const claimed = await trx(TABLE)
        .insert({ scope: once.scope, idempotency_key: once.key, method: once.method, path: once.path, request_hash: once.requestHash })
        .onConflict(['scope', 'idempotency_key'])
        .ignore()
        .returning('scope');
      if (claimed.length === 0) {
        const row = (await trx(TABLE).where({ scope: once.scope, idempotency_key: once.key }).first()) as StoredRow | undefined;
        if (!row) return { kind: 'again' as const };
        if (row.created_at.getTime() < Date.now() - IDEMPOTENT_RECORD_TTL_MS && attempt === 0) {
          await trx(TABLE).where({ scope: once.scope, idempotency_key: once.key }).delete();
          return { kind: 'again' as const };
        }
        if (row.method !== once.method || row.path !== once.path) {
          throw conflict(`this Idempotency-Key was first used for ${row.method} ${row.path}; use a new key for a different request`);
        }
        if (row.request_hash !== once.requestHash) {
          throw conflict('this Idempotency-Key was first used with a different body; use a new key for a different request');
        }
        return { kind: 'replay' as const, status: row.response_status, body: row.response_body as T };
      }
      const answer = await write(trx);
      await trx(TABLE)
        .where({ scope: once.scope, idempotency_key: once.key })
        .update({ response_status: once.status, response_body: JSON.stringify((options.record ? options.record(answer) : answer) ?? null) });
      return { kind: 'ran' as const, answer };
    });
    if (outcome.kind === 'ran') return outcome.answer;
    if (outcome.kind === 'replay') {
      once.replayedStatus = outcome.status;
      return outcome.body;
    }
    assert(attempt <= 2, 'idempotency record vanished repeatedly while being claimed');
  }
}

/**
 * For the few use cases that finish after their commit (signing a contract asks billing for its
 * opening invoice): replaces the recorded answer with the one about to be sent. If the process
 * dies before this, a retry replays the answer as it stood at the commit, and the use case can
 * see that (e.g. `openingInvoice: null`) and finish again; its finishing step must be idempotent.
 */
export async function amendAnswer(knex: Knex, once: IdempotencyContext | null | undefined, answer: unknown): Promise<void> {
  if (!once) return;
  await knex(TABLE).where({ scope: once.scope, idempotency_key: once.key }).update({ response_body: JSON.stringify(answer ?? null) });
}

interface StoredRow {
  method: string;
  path: string;
  request_hash: string;
  response_status: number;
  response_body: unknown;
  created_at: Date;
}

/** Where a service keeps its fault hook's budget (tests only; see `SEATLEASE_FAULT_DROP_AFTER_COMMIT`). */
export const DROP_AFTER_COMMIT_LOCAL = 'seatleaseDropAfterCommit';

/**
 * An Express handler for a POST whose use case runs in `exactlyOnce`: answers `status` with the
 * use case's answer, or a replayed answer with its first status and `Idempotent-Replayed: true`.
 */
export function onceRoute(status: number, run: (req: Request, once: IdempotencyContext | null) => Promise<unknown>): RequestHandler {
  return async (req: Request, res: Response) => {
    const once = idempotencyContextOf(req, status);
    const answer = await run(req, once);
    if (dropAfterCommit(req, res, once)) return;
    if (once?.replayedStatus !== undefined) res.setHeader(REPLAYED_RESPONSE_HEADER, 'true');
    res.status(once?.replayedStatus ?? status).json(answer);
  };
}

/**
 * The fault hook of reliability test 12: with `SEATLEASE_FAULT_DROP_AFTER_COMMIT=n` (refused
 * unless the test clock is on), the first n requests that committed under a key drop their
 * connection instead of answering — the lost-answer-after-commit case, on purpose.
 */
function dropAfterCommit(req: Request, res: Response, once: IdempotencyContext | null): boolean {
  const budget = req.app.locals[DROP_AFTER_COMMIT_LOCAL] as { left: number } | undefined;
  if (!once || once.replayedStatus !== undefined || !budget || budget.left <= 0) return false;
  budget.left--;
  res.socket?.destroy();
  return true;
}

/** The table, in the schema whose migrations list this (each service appends it to its own). */
export const idempotentRequestsMigration: Migration = {
  name: '018-idempotent-requests',
  async up(knex: Knex) {
    await knex.schema.createTable(TABLE, (t) => {
      t.text('scope').notNullable();
      t.text('idempotency_key').notNullable();
      t.text('method').notNullable();
      t.text('path').notNullable();
      t.text('request_hash').notNullable();
      /** Set in the same transaction as the claim; null never survives a commit. */
      t.integer('response_status');
      /** `json`, not `jsonb`: the text as first answered, keys in their order. */
      t.json('response_body');
      t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      t.primary(['scope', 'idempotency_key']);
      t.index(['created_at']);
    });
  },
};

/** Deletes at most `limit` records older than the TTL; answers how many (run from a timer). */
export async function purgeIdempotentRequests(knex: Knex, nowMs: number, limit = 5_000): Promise<number> {
  const result = await knex.raw(
    `delete from ${TABLE} where ctid = any (array(select ctid from ${TABLE} where created_at < ? limit ?))`,
    [new Date(nowMs - IDEMPOTENT_RECORD_TTL_MS), limit],
  );
  return (result as { rowCount?: number }).rowCount ?? 0;
}
