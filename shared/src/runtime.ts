/**
 * Process bootstrap shared by the services: configuration, logger, metrics, the database
 * (external or embedded), the internal credential, listening and a clean shutdown.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { resolve } from 'node:path';
import type { Knex } from 'knex';
import { loadConfig, type Config } from './config';
import { createLogger, type Logger } from './logger';
import { createMetrics, type Metrics } from './metrics';
import { startEmbeddedPostgres, type RunningDatabase } from './db';

/** What every service's `start…Service` takes: the process's runtime plus where to listen. */
export interface ServiceStartOptions {
  config: Config;
  log: Logger;
  metrics: Metrics;
  internalToken: string;
  databaseUrl: string;
  /** 0 = an ephemeral port (tests). */
  port: number;
}

export interface Runtime {
  config: Config;
  log: Logger;
  metrics: Metrics;
  internalToken: string;
}

/**
 * The shared internal credential: `SEATLEASE_INTERNAL_TOKEN`, else a random one kept in the data
 * dir (mode 0600) so that services started one by one on the same machine agree on it.
 */
export function resolveInternalToken(config: Config): string {
  if (config.SEATLEASE_INTERNAL_TOKEN) return config.SEATLEASE_INTERNAL_TOKEN;
  const file = resolve(config.dataDir, 'internal-token');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(config.dataDir, { recursive: true });
  const token = randomBytes(24).toString('base64url');
  writeFileSync(file, token, { mode: 0o600, flag: 'wx' });
  return token;
}

export function createRuntime(service: string, env: NodeJS.ProcessEnv = process.env): Runtime {
  const config = loadConfig(env);
  const log = createLogger(service, config.LOG_LEVEL);
  return { config, log, metrics: createMetrics(service), internalToken: resolveInternalToken(config) };
}

/** DATABASE_URL, or an embedded PostgreSQL under the data dir (reused if already running). */
export async function ensureDatabase(config: Config, log: Logger): Promise<RunningDatabase> {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, owned: false, stop: async () => {} };
  // The embedded default archives its WAL beside the data dir (docs/operations.md, decision 0031).
  return startEmbeddedPostgres(config.dataDir, { log, archiveTo: config.backupDir });
}

export async function isDatabaseReady(knex: Knex): Promise<boolean> {
  try {
    await knex.raw('select 1');
    return true;
  } catch {
    return false;
  }
}

/** Stops on SIGINT/SIGTERM: stop accepting, finish in-flight requests, release resources. */
export function stopOnSignals(log: Logger, servers: Server[], cleanups: Array<() => Promise<void>>): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
    for (const c of cleanups) await c().catch((err) => log.error({ err }, 'cleanup failed'));
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

/** Fails fast with a readable message (bad config, unreachable database) instead of a stack. */
export function runMain(service: string, main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    process.stderr.write(`${service} failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
    if (err instanceof Error && err.stack && process.env.LOG_LEVEL === 'debug') process.stderr.write(`${err.stack}\n`);
    process.exit(1);
  });
}
