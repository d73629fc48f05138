/**
 * Whether this billing-service backs up its database: only the embedded default, where the
 * PostgreSQL data directory (`<SEATLEASE_DATA_DIR>/pg`) is on this machine and archiving. An
 * external DATABASE_URL (a managed PostgreSQL, CloudNativePG) is backed up by its platform
 * (docs/operations.md), and the job has no slots.
 */
import { resolve } from 'node:path';
import type { Config } from '@seatlease/shared';
import { localArchivingDataDirectory } from '@seatlease/shared/src/backup';

export interface BackupSettings {
  /** A superuser connection (the embedded server's). */
  url: string;
  backupDir: string;
  keepDaily: number;
  keepWeekly: number;
  alertAfterMs: number;
}

export async function detectBackups(config: Config, databaseUrl: string): Promise<BackupSettings | null> {
  const dataDirectory = await localArchivingDataDirectory(databaseUrl, resolve(config.dataDir, 'pg'));
  if (!dataDirectory) return null;
  return {
    url: databaseUrl,
    backupDir: config.backupDir,
    keepDaily: config.SEATLEASE_BACKUP_KEEP_DAILY,
    keepWeekly: config.SEATLEASE_BACKUP_KEEP_WEEKLY,
    alertAfterMs: config.SEATLEASE_BACKUP_ALERT_HOURS * 3_600_000,
  };
}
