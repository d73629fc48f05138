/**
 * Migrations as a step of their own: the Kubernetes Job `seatlease-migrate`
 * (infra/k8s/base/migrate-job.yaml) runs this before a rollout, so a release's schema changes
 * are applied once, visibly, and not by whichever replica starts first.
 *
 *   node --import tsx infra/src/migrate.ts [contract] [billing] [assessment] [gateway]   (none named = all)
 *
 * It makes exactly the call each service makes at start (`migrate(knex, schema, migrations)`),
 * which holds a PostgreSQL advisory lock per schema around knex's migrator — knex alone creates
 * its bookkeeping tables before taking its own lock, so processes starting together on an empty
 * database would collide on the catalog. The Job and the services starting beside it therefore
 * never race and never apply a migration twice.
 *
 * Each schema's migrations are imported only when that schema is named: a service's image carries
 * its own sources and this file, not the other services', and migrates its own schema (the Job
 * runs one container per image).
 *
 * DATABASE_URL must be set; there is no embedded PostgreSQL here.
 */
import { pathToFileURL } from 'node:url';
import { createKnex, createLogger, loadConfig, migrate, type Migration } from '@seatlease/shared';

/** Schema → its migrations, the same list each service's bootstrap.ts passes to `migrate`. */
export const SCHEMA_MIGRATIONS = {
  contract: async (): Promise<readonly Migration[]> => (await import('../../contract-service/src/migrations/001-initial')).migrations,
  billing: async (): Promise<readonly Migration[]> => (await import('../../billing-service/src/migrations/001-initial')).migrations,
  assessment: async (): Promise<readonly Migration[]> => (await import('../../assessment-service/src/migrations/001-initial')).migrations,
  gateway: async (): Promise<readonly Migration[]> => (await import('../../gateway/src/migrations/001-initial')).GATEWAY_MIGRATIONS,
} as const;

export type SchemaName = keyof typeof SCHEMA_MIGRATIONS;
export const SCHEMA_NAMES = Object.keys(SCHEMA_MIGRATIONS) as SchemaName[];

function isSchemaName(name: string): name is SchemaName {
  return (SCHEMA_NAMES as string[]).includes(name);
}

/** Migrates each named schema in turn; answers the schemas migrated. */
export async function migrateSchemas(databaseUrl: string, schemas: readonly SchemaName[] = SCHEMA_NAMES): Promise<SchemaName[]> {
  const done: SchemaName[] = [];
  for (const schema of schemas) {
    const migrations = await SCHEMA_MIGRATIONS[schema]();
    // `migrate` holds a PostgreSQL advisory lock per schema for the whole run (one connection)
    // while knex migrates on another, so the Job and services starting beside it never race.
    const knex = createKnex(databaseUrl, schema, { min: 0, max: 3 });
    try {
      await migrate(knex, schema, migrations);
      done.push(schema);
    } finally {
      await knex.destroy();
    }
  }
  return done;
}

async function main(argv: string[]): Promise<void> {
  const config = loadConfig();
  const log = createLogger('migrate', config.LOG_LEVEL);
  const unknown = argv.filter((a) => !isSchemaName(a));
  if (unknown.length > 0) throw new Error(`unknown schema ${unknown.join(', ')}; expected some of ${SCHEMA_NAMES.join(', ')}`);
  if (!config.DATABASE_URL) throw new Error('DATABASE_URL must be set: migrations run only against an external PostgreSQL');
  const schemas = argv.length > 0 ? argv.filter(isSchemaName) : SCHEMA_NAMES;
  const started = Date.now();
  const done = await migrateSchemas(config.DATABASE_URL, schemas);
  log.info({ schemas: done, ms: Date.now() - started }, 'migrations applied');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`migrate failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
