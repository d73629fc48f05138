/**
 * `npm test`: every package's tests (lerna runs `test` in each workspace) on ONE embedded
 * PostgreSQL for the whole run; each suite makes its own fresh database on it. With
 * DATABASE_URL set, that server is used instead (it must allow CREATE DATABASE).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmbeddedPostgres } from '@seatlease/shared';
import { TEST_ADMIN_URL_ENV } from '@seatlease/shared/test/support/testing';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

async function main(): Promise<number> {
  const started = Date.now();
  // Which runtime the run is on: the project's own (devDependency `node`, decision 0030).
  process.stdout.write(`test run: node ${process.version}\n`);
  let adminUrl = process.env.DATABASE_URL;
  let stop = async () => {};
  if (!adminUrl) {
    const dir = mkdtempSync(join(tmpdir(), 'seatlease-test-run-'));
    const db = await startEmbeddedPostgres(dir, { persistent: false });
    adminUrl = db.url;
    stop = async () => {
      await db.stop();
      rmSync(dir, { recursive: true, force: true });
    };
    process.stdout.write(`test run: embedded PostgreSQL at ${new URL(db.url).host}\n`);
  }
  const lernaArgs = ['lerna', 'run', 'test', '--stream', '--concurrency', '1', ...process.argv.slice(2)];
  const code = await new Promise<number>((resolveCode) => {
    const child = spawn('npx', lernaArgs, {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, [TEST_ADMIN_URL_ENV]: adminUrl, DATABASE_URL: '' },
    });
    const forward = (sig: NodeJS.Signals) => child.kill(sig);
    process.once('SIGINT', forward);
    process.once('SIGTERM', forward);
    child.once('exit', (c, sig) => resolveCode(c ?? (sig ? 1 : 0)));
  });
  await stop();
  process.stdout.write(`test run ${code === 0 ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return code;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`test run failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
