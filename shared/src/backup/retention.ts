/**
 * Which base backups to keep: the newest of each of the `daily` most recent days that have one,
 * and the newest of each of the `weekly` most recent ISO weeks (Monday–Sunday, Asia/Shanghai
 * calendar), and always the newest. Archived WAL older than the oldest kept backup's first
 * segment serves no kept backup and goes too (as pg_archivecleanup decides: by log and segment,
 * whatever the timeline); timeline histories always stay.
 */
import { readdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { addDays, dayOfWeek, shanghaiDate } from '../dates';
import { backupPath, listBaseBackups, walDir, WAL_SEGMENT, type BaseBackup } from './layout';

export interface RetentionPolicy {
  daily: number;
  weekly: number;
}

/** Pure: the ids to keep of backups given with their stop times. */
export function backupsToKeep(backups: ReadonlyArray<Pick<BaseBackup, 'id' | 'stoppedAt'>>, policy: RetentionPolicy): Set<string> {
  const newestFirst = [...backups].sort((a, b) => Date.parse(b.stoppedAt) - Date.parse(a.stoppedAt));
  const keep = new Set<string>();
  if (newestFirst.length > 0) keep.add(newestFirst[0]!.id);
  const pick = (bucketOf: (day: string) => string, count: number) => {
    const seen = new Set<string>();
    for (const b of newestFirst) {
      const bucket = bucketOf(shanghaiDate(b.stoppedAt));
      if (seen.has(bucket)) continue;
      if (seen.size === count) break;
      seen.add(bucket);
      keep.add(b.id);
    }
  };
  pick((day) => day, policy.daily);
  // ISO week: named by its Monday (dayOfWeek: 1 = Monday … 7 = Sunday).
  pick((day) => addDays(day, 1 - dayOfWeek(day)), policy.weekly);
  return keep;
}

/** Pure: archived WAL segment files no kept backup needs. */
export function walToRemove(files: readonly string[], oldestKeptStartWal: string | null): string[] {
  if (!oldestKeptStartWal) return [];
  const cut = oldestKeptStartWal.slice(8);
  return files.filter((f) => {
    const segment = f.slice(0, 24);
    if (!WAL_SEGMENT.test(segment)) return false; // .history files and anything else stay
    if (!(f.length === 24 || f.endsWith('.partial') || f.endsWith('.backup'))) return false;
    return segment.slice(8) < cut;
  });
}

export interface RetentionResult {
  kept: string[];
  removedBackups: string[];
  removedWalFiles: number;
}

export function applyRetention(backupDir: string, policy: RetentionPolicy): RetentionResult {
  const backups = listBaseBackups(backupDir);
  const keep = backupsToKeep(backups, policy);
  const removed = backups.filter((b) => !keep.has(b.id));
  for (const b of removed) rmSync(backupPath(backupDir, b.id), { recursive: true, force: true });
  const kept = backups.filter((b) => keep.has(b.id));
  const oldest = kept[0]?.startWalFile ?? null;
  const wal = walToRemove(readdirSync(walDir(backupDir)), oldest);
  for (const f of wal) rmSync(resolve(walDir(backupDir), f), { force: true });
  return { kept: kept.map((b) => b.id), removedBackups: removed.map((b) => b.id), removedWalFiles: wal.length };
}
