/**
 * The backup dir (SEATLEASE_BACKUP_DIR), PostgreSQL's own formats only:
 *
 *   wal/                      archived WAL segments and timeline histories, as archive_command
 *                             copies them (shared/src/db.ts)
 *   base/<id>/data/           a base backup: the data directory copied between pg_backup_start
 *                             and pg_backup_stop, with the backup_label pg_backup_stop returned
 *   base/<id>/backup.json     what the backup is: its LSNs, times and first WAL segment
 *   base/<id>.partial/        a backup being taken (never used by a restore)
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export interface BaseBackup {
  id: string;
  label: string;
  /** The server's clock at pg_backup_start and just after pg_backup_stop (ISO, UTC). */
  startedAt: string;
  stoppedAt: string;
  startLsn: string;
  stopLsn: string;
  timeline: number;
  /** The first WAL segment the backup needs; older segments are only for older backups. */
  startWalFile: string;
  pgVersion: string;
  bytes: number;
}

export const walDir = (backupDir: string) => resolve(backupDir, 'wal');
export const baseDir = (backupDir: string) => resolve(backupDir, 'base');
export const backupPath = (backupDir: string, id: string) => resolve(baseDir(backupDir), id);

/** The complete base backups, oldest first. */
export function listBaseBackups(backupDir: string): BaseBackup[] {
  const dir = baseDir(backupDir);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => !name.endsWith('.partial') && existsSync(resolve(dir, name, 'backup.json')))
    .map((name) => JSON.parse(readFileSync(resolve(dir, name, 'backup.json'), 'utf8')) as BaseBackup)
    .sort((a, b) => Date.parse(a.stoppedAt) - Date.parse(b.stoppedAt));
}

/** A WAL segment file name: timeline, log, segment (24 hex digits). */
export const WAL_SEGMENT = /^[0-9A-F]{24}$/;
