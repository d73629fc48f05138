/** The only code that reads or writes `gateway.console_sessions`. */
import type { Knex } from 'knex';
import type { Role } from '@seatlease/shared';
import type { ApiKeyRecord } from '../api-keys/api-key.repository';

export interface SessionRecord {
  id: string;
  csrfToken: string;
  apiKeyId: string;
  createdAt: Date;
  expiresAt: Date;
  endedAt: Date | null;
}

/** A live session with the key it acts as. */
export interface ActiveSession {
  session: SessionRecord;
  key: ApiKeyRecord;
}

interface Row {
  id: string;
  token_hash: string;
  csrf_token: string;
  api_key_id: string;
  created_at: Date;
  expires_at: Date;
  ended_at: Date | null;
}

const toRecord = (r: Row): SessionRecord => ({
  id: r.id,
  csrfToken: r.csrf_token,
  apiKeyId: r.api_key_id,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  endedAt: r.ended_at,
});

export class SessionRepository {
  constructor(private readonly db: Knex) {}

  private get table() {
    return this.db<Row>('console_sessions').withSchema('gateway');
  }

  async insert(s: { id: string; tokenHash: string; csrfToken: string; apiKeyId: string; createdAt: Date; expiresAt: Date }): Promise<SessionRecord> {
    const [row] = await this.table
      .insert({ id: s.id, token_hash: s.tokenHash, csrf_token: s.csrfToken, api_key_id: s.apiKeyId, created_at: s.createdAt, expires_at: s.expiresAt })
      .returning('*');
    return toRecord(row as Row);
  }

  /**
   * The session for a cookie's hash while it is live: not ended, not expired at `now`, and its
   * key not revoked. One query, so a revocation ends every session of the key at once.
   */
  async findActive(tokenHash: string, now: Date): Promise<ActiveSession | null> {
    const row = (await this.db
      .withSchema('gateway')
      .from('console_sessions as s')
      .join('api_keys as k', 'k.id', 's.api_key_id')
      .where('s.token_hash', tokenHash)
      .whereNull('s.ended_at')
      .where('s.expires_at', '>', now)
      .whereNull('k.revoked_at')
      .first(
        's.*',
        'k.name as key_name',
        'k.role as key_role',
        'k.tenant_id as key_tenant_id',
        'k.agent_id as key_agent_id',
        'k.token_hash as key_token_hash',
        'k.created_at as key_created_at',
      )) as
      | (Row & { key_name: string; key_role: Role; key_tenant_id: string | null; key_agent_id: string | null; key_token_hash: string; key_created_at: Date })
      | undefined;
    if (!row) return null;
    return {
      session: toRecord(row),
      key: {
        id: row.api_key_id,
        name: row.key_name,
        role: row.key_role,
        tenantId: row.key_tenant_id,
        agentId: row.key_agent_id,
        tokenHash: row.key_token_hash,
        createdAt: row.key_created_at,
        revokedAt: null,
      },
    };
  }

  /**
   * Deletes sessions that expired before `before`, at most `limit` rows, under a transaction-level
   * advisory lock taken with `try`: while one replica purges, another's call answers null at once
   * instead of deleting the same rows concurrently (or waiting for them).
   */
  async purgeExpiredBefore(before: Date, limit: number): Promise<number | null> {
    return this.db.transaction(async (trx) => {
      const lock = await trx.raw<{ rows: Array<{ locked: boolean }> }>('select pg_try_advisory_xact_lock(hashtextextended(?, 0)) as locked', ['gateway:console-sessions:purge']);
      if (!lock.rows[0]?.locked) return null;
      const result = await trx.raw(
        `delete from gateway.console_sessions where id = any (array(
           select id from gateway.console_sessions where expires_at < ? order by expires_at limit ?))`,
        [before, limit],
      );
      return (result as { rowCount?: number }).rowCount ?? 0;
    });
  }

  /** Ends a session once (sign-out); ending it again changes nothing. */
  async end(id: string, at: Date): Promise<void> {
    await this.table.where({ id }).whereNull('ended_at').update({ ended_at: at });
  }
}
