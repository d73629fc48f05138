/**
 * Backup health as Prometheus metrics (read from the backup dir and pg_stat_archiver at each
 * scrape) and as staff alerts (checked every 5 minutes; at most one per kind and day, via the
 * notices table like every other notice): the newest base backup older than
 * SEATLEASE_BACKUP_ALERT_HOURS, or WAL archiving failing.
 */
import { shanghaiDate } from '@seatlease/shared';
import { backupStatus, type BackupStatus } from '@seatlease/shared/src/backup';
import { claimNotice, queueMail } from '../mail/outbox.repository';
import { staffAlertMail } from '../mail/templates';
import type { Deps } from '../deps';
import type { BackupSettings } from './backup-settings';

export function registerBackupMetrics(deps: Deps, settings: BackupSettings): void {
  // One read of the status per scrape, shared by the gauges.
  let cached: { at: number; status: Promise<BackupStatus> } | null = null;
  const status = () => {
    if (!cached || Date.now() - cached.at > 1000) cached = { at: Date.now(), status: backupStatus(settings.url, settings.backupDir) };
    return cached.status;
  };
  const seconds = (iso: string | null) => (iso ? Date.parse(iso) / 1000 : null);
  const m = deps.metrics;
  m.gaugeFrom('seatlease_backup_last_base_backup_timestamp_seconds', 'When the newest base backup finished (unix seconds)', async () => seconds((await status()).newestBackupAt));
  m.gaugeFrom('seatlease_backup_age_seconds', 'Age of the newest base backup; absent when there is none', async () => {
    const at = (await status()).newestBackupAt;
    return at ? (Date.now() - Date.parse(at)) / 1000 : null;
  });
  m.gaugeFrom('seatlease_backup_base_backups', 'Base backups kept in SEATLEASE_BACKUP_DIR', async () => (await status()).backups);
  m.gaugeFrom('seatlease_wal_archive_failed_count', "PostgreSQL's failed archive_command attempts since its stats were reset (pg_stat_archiver)", async () => (await status()).failedCount);
  m.gaugeFrom('seatlease_wal_archive_archived_count', 'WAL segments archived since the stats were reset (pg_stat_archiver)', async () => (await status()).archivedCount);
  m.gaugeFrom('seatlease_wal_archive_failing', '1 while the last archive attempt failed and none succeeded since', async () => ((await status()).archiveFailing ? 1 : 0));
  m.gaugeFrom('seatlease_wal_archive_last_archived_timestamp_seconds', 'When the last WAL segment was archived (unix seconds)', async () => seconds((await status()).lastArchivedAt));
}

export interface BackupHealth {
  status: BackupStatus;
  alerts: string[];
}

/** Checks and alerts staff; answers what it found. */
export async function checkBackupHealth(deps: Deps, settings: BackupSettings, wallNowMs = Date.now()): Promise<BackupHealth> {
  const status = await backupStatus(settings.url, settings.backupDir);
  const today = shanghaiDate(wallNowMs);
  const problems: Array<{ kind: string; subject: string; body: string }> = [];
  const ageMs = status.newestBackupAt ? wallNowMs - Date.parse(status.newestBackupAt) : null;
  if (ageMs === null || ageMs > settings.alertAfterMs) {
    const age = ageMs === null ? '没有基础备份 / there is no base backup' : `${(ageMs / 3_600_000).toFixed(1)} h`;
    problems.push({
      kind: 'age',
      subject: `备份过期 / Database backup overdue: ${age}`,
      body:
        `最新的数据库基础备份已超过 ${settings.alertAfterMs / 3_600_000} 小时（${age}）。请执行 npm run backup 并检查夜间备份任务的日志。\n` +
        `The newest base backup in ${settings.backupDir} is older than ${settings.alertAfterMs / 3_600_000} h (${age}). ` +
        'Run `npm run backup` and read the nightly-backup job log (docs/operations.md, "Backups").',
    });
  }
  if (status.archiveFailing) {
    problems.push({
      kind: 'archive',
      subject: `WAL 归档失败 / WAL archiving failing since ${status.lastFailedAt}`,
      body:
        `PostgreSQL 无法归档 WAL 段 ${status.lastFailedWal}（累计失败 ${status.failedCount} 次）。在修复前，此后的数据无法从备份恢复，且数据目录会持续增长。\n` +
        `PostgreSQL cannot archive WAL segment ${status.lastFailedWal} (${status.failedCount} failed attempts). Until it is fixed, ` +
        `nothing written since can be restored from ${settings.backupDir}, and pg_wal grows. Check that directory's space and ` +
        'permissions (docs/operations.md, "WAL archiving fails").',
    });
  }
  const alerts: string[] = [];
  for (const p of problems) {
    await deps.knex.transaction(async (trx) => {
      if (await claimNotice(trx, { key: `backup-alert:${p.kind}:${today}`, kind: 'staff_alert', onDate: today })) {
        await queueMail(trx, staffAlertMail(p.subject, p.body, deps.config.SEATLEASE_STAFF_EMAIL), wallNowMs);
        alerts.push(p.kind);
      }
    });
  }
  if (alerts.length > 0) deps.wakeMailer();
  return { status, alerts };
}
