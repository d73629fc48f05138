/**
 * How the backups stand, for metrics and staff alerts: the newest base backup's age, and
 * PostgreSQL's own archiver counters (pg_stat_archiver) — a failing archive_command shows there
 * first, and every minute it keeps failing is data a restore could not bring back.
 */
import pg from 'pg';
import { listBaseBackups } from './layout';

export interface BackupStatus {
  newestBackupAt: string | null;
  backups: number;
  archivedCount: number;
  failedCount: number;
  lastArchivedAt: string | null;
  lastFailedAt: string | null;
  lastFailedWal: string | null;
  /** The last attempt failed (and nothing was archived since). */
  archiveFailing: boolean;
}

export async function backupStatus(url: string, backupDir: string): Promise<BackupStatus> {
  const backups = listBaseBackups(backupDir);
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const r = await client.query<{ archived_count: string; failed_count: string; last_archived_time: Date | null; last_failed_time: Date | null; last_failed_wal: string | null }>(
      'select archived_count, failed_count, last_archived_time, last_failed_time, last_failed_wal from pg_stat_archiver',
    );
    const a = r.rows[0]!;
    const lastArchived = a.last_archived_time?.getTime() ?? 0;
    const lastFailed = a.last_failed_time?.getTime() ?? 0;
    return {
      newestBackupAt: backups.at(-1)?.stoppedAt ?? null,
      backups: backups.length,
      archivedCount: Number(a.archived_count),
      failedCount: Number(a.failed_count),
      lastArchivedAt: a.last_archived_time?.toISOString() ?? null,
      lastFailedAt: a.last_failed_time?.toISOString() ?? null,
      lastFailedWal: a.last_failed_wal,
      archiveFailing: lastFailed > lastArchived,
    };
  } finally {
    await client.end().catch(() => {});
  }
}
