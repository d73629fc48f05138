/**
 * A base backup with PostgreSQL's low-level API (the embedded package ships no pg_basebackup):
 * pg_backup_start in one session, a copy of the data directory while the server runs, then
 * pg_backup_stop, which waits until the WAL the copy needs is archived and returns the
 * backup_label to put into the copy. What the copy leaves out is PostgreSQL's documented list
 * ("Making a Base Backup Using the Low Level API"). Files that change or vanish during the copy
 * are what WAL replay repairs.
 */
import { copyFile, mkdir, readdir, rename, rm, stat, writeFile, chmod } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { backupPath, baseDir, type BaseBackup } from './layout';

/** Directories whose contents are not copied (the directory itself is). */
const EMPTY_DIRS = new Set(['pg_wal', 'pg_replslot', 'pg_dynshmem', 'pg_notify', 'pg_serial', 'pg_snapshots', 'pg_stat_tmp', 'pg_subtrans']);
/** Top-level files never copied. */
const SKIP_FILES = new Set(['postmaster.pid', 'postmaster.opts', 'backup_label', 'tablespace_map', 'recovery.signal', 'standby.signal', 'backup_manifest']);

async function copyTree(from: string, to: string, top: boolean): Promise<number> {
  let bytes = 0;
  await mkdir(to, { recursive: true, mode: 0o700 });
  let entries;
  try {
    entries = await readdir(from, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
  for (const e of entries) {
    const src = join(from, e.name);
    const dst = join(to, e.name);
    if (e.name.startsWith('pgsql_tmp') || e.name === 'pg_internal.init') continue;
    if (top && SKIP_FILES.has(e.name)) continue;
    if (e.isDirectory()) {
      if (top && EMPTY_DIRS.has(e.name)) {
        await mkdir(dst, { mode: 0o700 });
        if (e.name === 'pg_wal') await mkdir(join(dst, 'archive_status'), { mode: 0o700 });
        continue;
      }
      bytes += await copyTree(src, dst, false);
    } else if (e.isFile()) {
      try {
        await copyFile(src, dst);
        bytes += (await stat(dst)).size;
      } catch (err) {
        // A relation dropped during the copy: its absence is in the WAL the restore replays.
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    }
  }
  return bytes;
}

export interface TakeBaseBackupOptions {
  /** A superuser connection to the server whose data directory is `dataDirectory`. */
  url: string;
  backupDir: string;
  label?: string;
}

/** Takes one base backup into `<backupDir>/base/<id>/`; answers what it took. */
export async function takeBaseBackup(opts: TakeBaseBackupOptions): Promise<BaseBackup> {
  const client = new pg.Client({ connectionString: opts.url });
  await client.connect();
  let started = false;
  const startedAtMs = Date.now();
  const id = new Date(startedAtMs).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const partial = `${backupPath(opts.backupDir, id)}.partial`;
  try {
    const settings = await client.query<{ data_directory: string; archive_mode: string; server_version_num: string }>(
      `select current_setting('data_directory') as data_directory, current_setting('archive_mode') as archive_mode,
              current_setting('server_version_num') as server_version_num`,
    );
    const { data_directory: dataDirectory, archive_mode: archiveMode } = settings.rows[0]!;
    if (archiveMode === 'off') throw new Error('WAL archiving is off on this server: a base backup without its WAL cannot be restored');
    if (!existsSync(dataDirectory)) throw new Error(`the server's data directory ${dataDirectory} is not on this machine`);
    await mkdir(baseDir(opts.backupDir), { recursive: true });
    if (existsSync(backupPath(opts.backupDir, id))) throw new Error(`a backup ${id} exists already`);
    await rm(partial, { recursive: true, force: true });
    const label = opts.label ?? `seatlease ${id}`;
    const start = await client.query<{ lsn: string; wal: string; at: Date }>(
      `select lsn::text as lsn, pg_walfile_name(lsn) as wal, clock_timestamp() as at from pg_backup_start($1, true) as lsn`,
      [label],
    );
    started = true;
    const bytes = await copyTree(dataDirectory, join(partial, 'data'), true);
    // Waits until every WAL segment the copy needs is in the archive.
    const stop = await client.query<{ lsn: string; labelfile: string; spcmapfile: string; at: Date }>(
      `select lsn::text as lsn, labelfile, spcmapfile, clock_timestamp() as at from pg_backup_stop(true)`,
    );
    started = false;
    const s = stop.rows[0]!;
    await writeFile(join(partial, 'data', 'backup_label'), s.labelfile);
    if (s.spcmapfile) await writeFile(join(partial, 'data', 'tablespace_map'), s.spcmapfile);
    await chmod(join(partial, 'data'), 0o700);
    const timeline = Number(/START TIMELINE: (\d+)/.exec(s.labelfile)?.[1] ?? 1);
    const backup: BaseBackup = {
      id,
      label,
      startedAt: start.rows[0]!.at.toISOString(),
      stoppedAt: s.at.toISOString(),
      startLsn: start.rows[0]!.lsn,
      stopLsn: s.lsn,
      timeline,
      startWalFile: start.rows[0]!.wal,
      pgVersion: settings.rows[0]!.server_version_num,
      bytes,
    };
    await writeFile(join(partial, 'backup.json'), `${JSON.stringify(backup, null, 2)}\n`);
    await rename(partial, backupPath(opts.backupDir, id));
    return backup;
  } catch (err) {
    if (started) await client.query('select pg_backup_stop(false)').catch(() => {});
    await rm(partial, { recursive: true, force: true }).catch(() => {});
    throw err;
  } finally {
    await client.end().catch(() => {});
  }
}

/** The server's data directory, when it is on this machine and archiving: a base backup can be taken here. */
export async function localArchivingDataDirectory(url: string, expected: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    const r = await client.query<{ d: string; a: string }>(`select current_setting('data_directory') as d, current_setting('archive_mode') as a`);
    const { d, a } = r.rows[0]!;
    return a !== 'off' && resolve(d) === resolve(expected) && existsSync(d) ? d : null;
  } catch {
    return null;
  } finally {
    await client.end().catch(() => {});
  }
}
