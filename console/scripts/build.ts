/**
 * Builds the console into console/dist when it is stale (or with --force): the root `start`
 * and `test` scripts call it, so `npm ci && npm start` serves a current console with no extra
 * command. Stale = any source file (src/, index.html, vite.config.ts, the gateway's OpenAPI
 * document, package.json) newer than dist/.built.
 */
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'vite';
import { CONSOLE_ROOT, generateApiTypes } from './gen-api';

const DIST = join(CONSOLE_ROOT, 'dist');
const STAMP = join(DIST, '.built');

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

function sourcesMtime(): number {
  return Math.max(
    ...[join(CONSOLE_ROOT, 'src'), join(CONSOLE_ROOT, 'index.html'), join(CONSOLE_ROOT, 'vite.config.ts'), join(CONSOLE_ROOT, 'package.json'), join(CONSOLE_ROOT, '..', 'gateway', 'src', 'openapi.ts'), join(CONSOLE_ROOT, '..', 'gateway', 'src', 'routing', 'route.table.ts')].map(newestMtime),
  );
}

/** Builds when stale; answers whether it built. */
export async function ensureConsoleBuilt(force = false): Promise<boolean> {
  await generateApiTypes();
  if (!force && existsSync(STAMP) && statSync(STAMP).mtimeMs >= sourcesMtime()) return false;
  const started = Date.now();
  await build({ root: CONSOLE_ROOT, configFile: join(CONSOLE_ROOT, 'vite.config.ts'), logLevel: 'warn' });
  writeFileSync(STAMP, new Date().toISOString());
  process.stdout.write(`console: built into ${DIST} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return true;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  ensureConsoleBuilt(process.argv.includes('--force')).then(
    (built) => {
      if (!built) process.stdout.write('console: up to date\n');
    },
    (err: unknown) => {
      process.stderr.write(`console: build failed: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(1);
    },
  );
}
