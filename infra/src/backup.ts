/**
 * `npm run backup`: one base backup of the embedded PostgreSQL now, into SEATLEASE_BACKUP_DIR,
 * then the retention policy. Uses the running server (`npm start`'s) or starts it for the
 * backup. An external DATABASE_URL is backed up by its platform (docs/operations.md).
 */
import { loadConfig, startEmbeddedPostgres } from '@seatlease/shared';
import { applyRetention, takeBaseBackup } from '@seatlease/shared/src/backup';

async function main(): Promise<number> {
  const config = loadConfig();
  if (config.DATABASE_URL) {
    process.stderr.write('backup: DATABASE_URL is set; an external PostgreSQL is backed up by its platform (docs/operations.md)\n');
    return 2;
  }
  const db = await startEmbeddedPostgres(config.dataDir, { archiveTo: config.backupDir });
  try {
    const b = await takeBaseBackup({ url: db.url, backupDir: config.backupDir, label: 'seatlease npm run backup' });
    process.stdout.write(`backup: base backup ${b.id} (${(b.bytes / 1048576).toFixed(1)} MiB, WAL from ${b.startWalFile}) in ${config.backupDir}\n`);
    const r = applyRetention(config.backupDir, { daily: config.SEATLEASE_BACKUP_KEEP_DAILY, weekly: config.SEATLEASE_BACKUP_KEEP_WEEKLY });
    process.stdout.write(`backup: keeping ${r.kept.length} base backup(s); removed ${r.removedBackups.length} and ${r.removedWalFiles} WAL segment(s) no kept backup needs\n`);
    return 0;
  } finally {
    await db.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`backup failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
