/**
 * The nightly base backup (scheduler job `nightly-backup`, 02:00 Asia/Shanghai, once across
 * replicas by its job slot): a base backup unless one finished within the last 12 hours (an
 * operator's `npm run backup` that evening counts), then the retention policy. Backups are
 * about real time — WAL carries the server's clock — so "how old" is read from the wall
 * clock, not the test clock.
 */
import { applyRetention, listBaseBackups, takeBaseBackup } from '@seatlease/shared/src/backup';
import type { Deps } from '../deps';

const FRESH_ENOUGH_MS = 12 * 3_600_000;

export async function runNightlyBackup(deps: Deps, wallNowMs = Date.now()): Promise<unknown> {
  const settings = deps.backups;
  if (!settings) return { skipped: 'no local archiving database' };
  const newest = listBaseBackups(settings.backupDir).at(-1);
  if (newest && wallNowMs - Date.parse(newest.stoppedAt) < FRESH_ENOUGH_MS) {
    return { skipped: `base backup ${newest.id} is recent`, retention: applyRetention(settings.backupDir, { daily: settings.keepDaily, weekly: settings.keepWeekly }) };
  }
  const started = Date.now();
  const backup = await takeBaseBackup({ url: settings.url, backupDir: settings.backupDir, label: 'seatlease nightly' });
  const retention = applyRetention(settings.backupDir, { daily: settings.keepDaily, weekly: settings.keepWeekly });
  deps.log.info({ backup: backup.id, bytes: backup.bytes, ms: Date.now() - started, retention }, 'base backup taken');
  return { backup: backup.id, bytes: backup.bytes, removedBackups: retention.removedBackups.length, removedWalFiles: retention.removedWalFiles };
}
