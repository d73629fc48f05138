/** The only code that reads or writes `gateway.idempotency_keys`. */
import type { Knex } from 'knex';
import { assert } from '@seatlease/shared';

export interface IdempotencyRecord {
  apiKeyId: string;
  key: string;
  method: string;
  path: string;
  requestHash: string | null;
  state: 'in_progress' | 'completed';
  responseStatus: number | null;
  responseContentType: string | null;
  responseBody: Buffer | null;
  createdAt: Date;
}

interface Row {
  api_key_id: string;
  idempotency_key: string;
  method: string;
  path: string;
  request_hash: string | null;
  state: 'in_progress' | 'completed';
  response_status: number | null;
  response_content_type: string | null;
  response_body: Buffer | null;
  created_at: Date;
  completed_at: Date | null;
}

const toRecord = (r: Row): IdempotencyRecord => ({
  apiKeyId: r.api_key_id,
  key: r.idempotency_key,
  method: r.method,
  path: r.path,
  requestHash: r.request_hash,
  state: r.state,
  responseStatus: r.response_status,
  responseContentType: r.response_content_type,
  responseBody: r.response_body,
  createdAt: r.created_at,
});

export type Reservation = { kind: 'reserved' } | { kind: 'existing'; record: IdempotencyRecord };

export interface ReserveInput {
  apiKeyId: string;
  key: string;
  method: string;
  path: string;
  requestHash: string | null;
  /** A completed record created before this is expired and may be replaced. */
  expiredBefore: Date;
  /** An in-progress record created before this was abandoned (a crashed gateway) and may be replaced. */
  abandonedBefore: Date;
}

export interface CompleteInput {
  requestHash: string;
  status: number;
  contentType: string | null;
  body: Buffer;
}

export class IdempotencyRepository {
  constructor(private readonly knex: Knex) {}

  private get table() {
    return this.knex<Row>('idempotency_keys').withSchema('gateway');
  }

  /** Claims the key for this request, or answers the record that already holds it. */
  async reserve(input: ReserveInput): Promise<Reservation> {
    // Two tries: the second after removing an expired or abandoned record.
    for (let attempt = 0; attempt < 2; attempt++) {
      const inserted = await this.table
        .insert({
          api_key_id: input.apiKeyId,
          idempotency_key: input.key,
          method: input.method,
          path: input.path,
          request_hash: input.requestHash,
          state: 'in_progress',
        })
        .onConflict(['api_key_id', 'idempotency_key'])
        .ignore()
        .returning('created_at');
      if (inserted.length > 0) return { kind: 'reserved' };
      const row = (await this.table.where({ api_key_id: input.apiKeyId, idempotency_key: input.key }).first()) as Row | undefined;
      if (!row) continue; // released in between: try again
      const stale =
        (row.state === 'completed' && row.created_at < input.expiredBefore) ||
        (row.state === 'in_progress' && row.created_at < input.abandonedBefore);
      if (!stale || attempt > 0) return { kind: 'existing', record: toRecord(row) };
      // By the staleness rule, not by `created_at = row.created_at`: a JS Date has milliseconds
      // and timestamptz microseconds, so that equality never matched and a key left in progress
      // (its gateway died, or the database was down when it tried to release it) stayed stuck.
      await this.table
        .where({ api_key_id: input.apiKeyId, idempotency_key: input.key })
        .andWhere((q) =>
          q
            .where((c) => c.where({ state: 'completed' }).andWhere('created_at', '<', input.expiredBefore))
            .orWhere((c) => c.where({ state: 'in_progress' }).andWhere('created_at', '<', input.abandonedBefore)),
        )
        .delete();
    }
    const row = (await this.table.where({ api_key_id: input.apiKeyId, idempotency_key: input.key }).first()) as Row | undefined;
    assert(row !== undefined, 'idempotency key vanished twice while being reserved');
    return { kind: 'existing', record: toRecord(row) };
  }

  async complete(apiKeyId: string, key: string, result: CompleteInput): Promise<void> {
    await this.table.where({ api_key_id: apiKeyId, idempotency_key: key, state: 'in_progress' }).update({
      state: 'completed',
      request_hash: result.requestHash,
      response_status: result.status,
      response_content_type: result.contentType,
      response_body: result.body,
      completed_at: this.knex.fn.now(),
    });
  }

  /** Frees the key so that a retry runs the request again. */
  async release(apiKeyId: string, key: string): Promise<void> {
    await this.table.where({ api_key_id: apiKeyId, idempotency_key: key, state: 'in_progress' }).delete();
  }

  /** Deletes at most `limit` records created before `before`; answers how many. */
  async purgeCreatedBefore(before: Date, limit: number): Promise<number> {
    const result = await this.knex.raw(
      `delete from gateway.idempotency_keys where ctid = any (array(
         select ctid from gateway.idempotency_keys where created_at < ? limit ?))`,
      [before, limit],
    );
    return (result as { rowCount?: number }).rowCount ?? 0;
  }
}
