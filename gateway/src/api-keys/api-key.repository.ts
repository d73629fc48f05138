/** The only code that reads or writes `gateway.api_keys`. */
import type { Knex } from 'knex';
import { assert, exactlyOnce, keysetPage, type IdempotencyContext, type Page, type PageRequest, type Role, type SortKey } from '@seatlease/shared';

const API_KEY_ORDER: readonly SortKey[] = [{ column: 'created_at', type: 'timestamptz' }, { column: 'id', type: 'uuid' }];

export interface ApiKeyRecord {
  id: string;
  name: string;
  role: Role;
  tenantId: string | null;
  agentId: string | null;
  tokenHash: string;
  createdAt: Date;
  revokedAt: Date | null;
}

interface Row {
  id: string;
  name: string;
  role: Role;
  tenant_id: string | null;
  agent_id: string | null;
  token_hash: string;
  created_at: Date;
  revoked_at: Date | null;
}

const toRecord = (r: Row): ApiKeyRecord => ({
  id: r.id,
  name: r.name,
  role: r.role,
  tenantId: r.tenant_id,
  agentId: r.agent_id,
  tokenHash: r.token_hash,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
});

/** Serializes bootstrap and revocation of staff keys across gateway replicas. */
const STAFF_KEYS_LOCK = 'seatlease:gateway:staff-keys';

export class ApiKeyRepository {
  constructor(private readonly db: Knex | Knex.Transaction) {}

  private get table() {
    return this.db<Row>('api_keys').withSchema('gateway');
  }

  /** Runs `fn` in one transaction holding the staff-keys advisory lock. */
  async withStaffKeysLock<T>(fn: (repo: ApiKeyRepository) => Promise<T>): Promise<T> {
    const run = async (trx: Knex.Transaction) => {
      await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [STAFF_KEYS_LOCK]);
      return fn(new ApiKeyRepository(trx));
    };
    if (this.db.isTransaction) return run(this.db as Knex.Transaction);
    return (this.db as Knex).transaction(run);
  }

  /**
   * Runs `fn` in one transaction that records the request's Idempotency-Key with its answer
   * (shared/src/idempotency.ts); `record` is what is stored instead of the answer.
   */
  async exactlyOnce<T>(once: IdempotencyContext | null, fn: (repo: ApiKeyRepository) => Promise<T>, record?: (answer: T) => unknown): Promise<T> {
    assert(!this.db.isTransaction, 'ApiKeyRepository.exactlyOnce opens its own transaction');
    return exactlyOnce(this.db as Knex, once, (trx) => fn(new ApiKeyRepository(trx)), { record });
  }

  /** `createdAt` from the system clock (the test clock in test mode); the database's now() if not given. */
  async insert(key: Omit<ApiKeyRecord, 'createdAt' | 'revokedAt'> & { createdAt?: Date }): Promise<ApiKeyRecord> {
    const [row] = await this.table
      .insert({ id: key.id, name: key.name, role: key.role, tenant_id: key.tenantId, agent_id: key.agentId, token_hash: key.tokenHash, ...(key.createdAt ? { created_at: key.createdAt } : {}) })
      .returning('*');
    return toRecord(row as Row);
  }

  async findByTokenHash(tokenHash: string): Promise<ApiKeyRecord | null> {
    const row = await this.table.where({ token_hash: tokenHash }).first();
    return row ? toRecord(row as Row) : null;
  }

  async findById(id: string): Promise<ApiKeyRecord | null> {
    const row = await this.table.where({ id }).first();
    return row ? toRecord(row as Row) : null;
  }

  /** A page of keys (newest first by default), filtered in SQL before the limit. */
  async page(filter: { role?: Role | undefined; tenantId?: string | undefined; revoked?: boolean | undefined }, page: PageRequest): Promise<Page<ApiKeyRecord>> {
    const b = this.table.select('*');
    if (filter.role) b.where({ role: filter.role });
    if (filter.tenantId) b.where({ tenant_id: filter.tenantId });
    if (filter.revoked === true) b.whereNotNull('revoked_at');
    if (filter.revoked === false) b.whereNull('revoked_at');
    const found = await keysetPage<Row>(this.db, b, API_KEY_ORDER, page);
    return { ...found, rows: found.rows.map(toRecord) };
  }

  async countActive(role: Role, excludingId?: string): Promise<number> {
    const q = this.table.where({ role }).whereNull('revoked_at');
    if (excludingId) q.whereNot({ id: excludingId });
    const [row] = await q.count<{ count: string | number }[]>({ count: '*' });
    return Number(row?.count ?? 0);
  }

  /** Sets revoked_at once; answers the key as it now stands. */
  async revoke(id: string, at: Date): Promise<ApiKeyRecord | null> {
    await this.table.where({ id }).whereNull('revoked_at').update({ revoked_at: at });
    return this.findById(id);
  }
}
