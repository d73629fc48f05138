/**
 * `npm run import-calls -- <file.csv> [--contract ID]`: imports call detail records straight into
 * the billing database (DATABASE_URL, or the embedded PostgreSQL under SEATLEASE_DATA_DIR), by the
 * same code path as `POST /v1/calls` (`importCalls`), for files of millions of rows.
 *
 * Contracts' live periods come from contract-service over HTTP (CONTRACT_SERVICE_URL, with the
 * internal token): without it no row can be checked, so the import stops before reading a byte.
 * Prints a progress bar on stderr and one summary line on stdout. Exit codes: 0 imported (rows
 * may have been rejected: the summary says), 1 failed (nothing imported), 2 bad usage.
 */
import { createReadStream, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  AppError,
  ConfigError,
  contractServiceUrl,
  createKnex,
  createLogger,
  ensureDatabase,
  loadConfig,
  migrate,
  resolveInternalToken,
  ServiceClient,
} from '@seatlease/shared';
import { SCHEMA } from '../bootstrap';
import { migrations } from '../migrations/001-initial';
import { isUuid } from '../usage/call-record';
import { contractFactsOrNull } from '../usage/contract-facts';
import { importCalls, summaryLine } from '../usage/import-calls';
import { ProgressBar } from './progress-bar';

const USAGE = 'usage: npm run import-calls -- <file.csv> [--contract CONTRACT_ID]\n' +
  '  The CSV header: id,seat,startedAt,durationSeconds,callType[,contractId]\n' +
  '  --contract  the contract of rows without a contractId column value\n';
/** Rejected rows printed on stderr; the rest are counted. */
const PRINTED_REJECTIONS = 20;
const PROGRESS_EVERY_MS = 250;

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({ args: argv, options: { contract: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (args.values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (args.positionals.length !== 1) throw new UsageError('name exactly one CSV file');
  const contractId = args.values.contract?.toLowerCase() ?? null;
  if (contractId !== null && !isUuid(contractId)) throw new UsageError(`--contract must be a contract id (UUID), got ${args.values.contract}`);
  // npm runs scripts from the repository root; the file is relative to where the user typed.
  const file = resolve(process.env.INIT_CWD ?? process.cwd(), args.positionals[0]!);
  let sizeBytes: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new Error('not a file');
    sizeBytes = st.size;
  } catch {
    throw new UsageError(`cannot read ${file}`);
  }

  const config = loadConfig(process.env);
  const log = createLogger('import-calls', process.env.LOG_LEVEL ?? 'warn');
  const contractsUrl = contractServiceUrl(config);
  const contracts = new ServiceClient(contractsUrl, resolveInternalToken(config), config.SEATLEASE_UPSTREAM_TIMEOUT_MS, 'contract-service');
  const health = await contracts.call('GET', '/healthz').catch((e: unknown) => e as Error);
  if (health instanceof Error || health.status !== 200) {
    const why = health instanceof Error ? health.message.replace(/^contract-service is unreachable: /, '') : `it answered ${health.status}`;
    throw new AppError(
      'upstream',
      `contract-service is unreachable at ${contractsUrl} (${why}). The import needs it to check each call against its ` +
        `contract's live period: start it (npm start), or set CONTRACT_SERVICE_URL. Nothing was imported.`,
    );
  }

  const db = await ensureDatabase(config, log);
  const knex = createKnex(db.url, SCHEMA, { max: 4 });
  const input = createReadStream(file, { highWaterMark: 256 * 1024 });
  const bar = new ProgressBar(process.stderr, sizeBytes);
  let rows = 0;
  let note = '';
  input.once('end', () => (note = 'saving the last calls…'));
  const timer = setInterval(() => bar.update(input.bytesRead, rows, note), PROGRESS_EVERY_MS);
  const startedMs = Date.now();
  try {
    await migrate(knex, SCHEMA, migrations);
    const summary = await importCalls(knex, input, {
      format: 'csv',
      defaultContractId: contractId,
      factsOf: contractFactsOrNull(contracts, Date.now()),
      nowMs: Date.now(),
      onRows: (n) => (rows = n),
    });
    clearInterval(timer);
    bar.update(input.bytesRead, summary.rows);
    bar.done();
    for (const r of summary.rejected.slice(0, PRINTED_REJECTIONS)) process.stderr.write(`  row ${r.row}: ${r.message}\n`);
    const more = summary.rejectedTotal - Math.min(PRINTED_REJECTIONS, summary.rejected.length);
    if (more > 0) process.stderr.write(`  … and ${more} more rejected rows\n`);
    const seconds = (Date.now() - startedMs) / 1000;
    process.stdout.write(
      `import-calls ${file}: ${summaryLine(summary)} in ${seconds.toFixed(1)} s (${Math.round(summary.rows / Math.max(seconds, 0.001))} rows/s)\n`,
    );
    return 0;
  } finally {
    clearInterval(timer);
    bar.done();
    input.destroy();
    await knex.destroy();
    if (db.owned) await db.stop();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof UsageError) {
      process.stderr.write(`import-calls: ${err.message}\n${USAGE}`);
      process.exit(2);
    }
    const message = err instanceof AppError || err instanceof ConfigError ? err.message : err instanceof Error ? err.message : String(err);
    const rolledBack = message.includes('Nothing was imported') ? '' : ' Nothing was imported.';
    process.stderr.write(`import-calls failed: ${message}${rolledBack}\n`);
    if (process.env.LOG_LEVEL === 'debug' && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    process.exit(1);
  },
);
