/**
 * The advisory locks that serialize billing across processes (only repositories touch the
 * database). One order everywhere, so no two writers deadlock: a tenant's lock before its
 * contracts', and many keys of one kind in sorted order.
 *
 * - `billing:tenant:<id>` — the spending of one tenant's credit and money;
 * - `billing:contract:<id>` — all billing of one contract;
 * - `billing:run:<period>` — the one process working a period's billing run.
 */
import type { Knex } from 'knex';

const tenantKey = (tenantId: string) => `billing:tenant:${tenantId}`;
const contractKey = (contractId: string) => `billing:contract:${contractId}`;

/** Serializes the spending of one tenant's credit and money (released at commit). */
export async function lockTenant(trx: Knex.Transaction, tenantId: string): Promise<void> {
  await trx.raw(`select pg_advisory_xact_lock(hashtextextended(?, 0))`, [tenantKey(tenantId)]);
}

/** Serializes all billing of one contract across processes (released at commit). */
export async function lockContract(trx: Knex.Transaction, contractId: string): Promise<void> {
  await trx.raw(`select pg_advisory_xact_lock(hashtextextended(?, 0))`, [contractKey(contractId)]);
}

/** Many keys in one statement, in a fixed (sorted) order (released at commit). */
async function lockAll(trx: Knex.Transaction, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  await trx.raw(`select count(pg_advisory_xact_lock(hashtextextended(k, 0))) from (select unnest(?::text[]) as k order by 1) as sorted`, [[...keys]]);
}

/** lockTenant of many tenants: one statement, in sorted order. */
export async function lockTenants(trx: Knex.Transaction, tenantIds: readonly string[]): Promise<void> {
  await lockAll(trx, tenantIds.map(tenantKey));
}

/** lockContract of many contracts: one statement, in sorted order. */
export async function lockContracts(trx: Knex.Transaction, contractIds: readonly string[]): Promise<void> {
  await lockAll(trx, contractIds.map(contractKey));
}

/**
 * Works `period`'s billing run holding its session lock on one pooled connection for the whole
 * run: another process asking for the same run waits here until this one is done.
 */
export async function withRunLock<T>(knex: Knex, period: string, work: () => Promise<T>): Promise<T> {
  const conn = await knex.client.acquireConnection();
  const lockKey = `billing:run:${period}`;
  try {
    await knex.raw('select pg_advisory_lock(hashtextextended(?, 0))', [lockKey]).connection(conn);
    return await work();
  } finally {
    await knex.raw('select pg_advisory_unlock(hashtextextended(?, 0))', [lockKey]).connection(conn).catch(() => {});
    await knex.client.releaseConnection(conn);
  }
}
