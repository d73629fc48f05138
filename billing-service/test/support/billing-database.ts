/** A suite's own database with billing's schema, on the test run's PostgreSQL server. */
import type { Knex } from 'knex';
import { createKnex, migrate } from '@seatlease/shared';
import { freshDatabase, type TestDatabase } from '@seatlease/shared/test/support/testing';
import { migrations } from '../../src/migrations/001-initial';

/**
 * Registers the suite's `before` (a fresh database, migrated) and `after` (closed and dropped)
 * hooks; the answer's `knex` is usable inside the suite's tests and hooks.
 */
export function useBillingDatabase(label: string, poolSize = 2): { readonly knex: Knex; readonly db: TestDatabase } {
  const suite = {} as { knex: Knex; db: TestDatabase };
  before(async () => {
    suite.db = await freshDatabase(label);
    suite.knex = createKnex(suite.db.url, 'billing', { max: poolSize });
    await migrate(suite.knex, 'billing', migrations);
  });
  after(async () => {
    await suite.knex?.destroy();
    await suite.db?.drop();
  });
  return suite;
}
