/**
 * `npm run restore -- --to "2027-05-03T14:00:00+08:00"` (or `--latest`): rebuilds the embedded
 * PostgreSQL's data directory from the newest base backup finished before that instant plus the
 * archived WAL up to it. SeatLease must be stopped: a live data directory is refused.
 */
import { parseArgs } from 'node:util';
import { isInstant, loadConfig } from '@seatlease/shared';
import { restore, RestoreRefused } from '@seatlease/shared/src/backup';

const USAGE = 'usage: npm run restore -- --to <ISO 8601 instant with offset, e.g. 2027-05-03T14:00:00+08:00> | --latest';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { to: { type: 'string' }, latest: { type: 'boolean' } }, strict: true });
  if ((values.to === undefined) === (values.latest !== true)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  if (values.to !== undefined && !isInstant(values.to)) {
    process.stderr.write(`restore: --to ${values.to}: not an instant with a UTC offset\n${USAGE}\n`);
    return 2;
  }
  const config = loadConfig();
  if (config.DATABASE_URL) {
    process.stderr.write('restore: DATABASE_URL is set; an external PostgreSQL is restored by its platform (docs/operations.md)\n');
    return 2;
  }
  const target = values.to !== undefined ? new Date(values.to) : 'latest';
  process.stdout.write(`restore: ${config.dataDir}/pg to ${target === 'latest' ? 'the end of the archive' : target.toISOString()}\n`);
  try {
    const r = await restore({ dataDir: config.dataDir, backupDir: config.backupDir, target, log: (l) => process.stdout.write(`restore: ${l}\n`) });
    if (r.recoveryStop) process.stdout.write(`restore: PostgreSQL: ${r.recoveryStop}\n`);
    if (r.lastTransactionAt) process.stdout.write(`restore: last transaction restored was at ${r.lastTransactionAt}\n`);
    process.stdout.write(`restore: done; start SeatLease (npm start), check, then take a fresh base backup (npm run backup)\n`);
    return 0;
  } catch (err) {
    if (err instanceof RestoreRefused) {
      process.stderr.write(`restore refused: ${err.message}\n`);
      return 3;
    }
    throw err;
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`restore failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
