/**
 * `npm start`: the whole system on one machine. Starts (or reuses) the embedded PostgreSQL
 * under SEATLEASE_DATA_DIR unless DATABASE_URL is set, then each service as its own process,
 * gateway last; prints one line per service with its URL and, at first start, the admin token.
 * Ctrl-C stops everything cleanly.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import {
  assessmentServiceUrl,
  billingServiceUrl,
  contractServiceUrl,
  createLogger,
  ensureDatabase,
  loadConfig,
  resolveInternalToken,
} from '@seatlease/shared';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

interface Service {
  name: string;
  entry: string;
  url: string;
}

async function waitReady(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return;
    } catch {
      // not yet listening
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`not healthy after ${timeoutMs} ms`);
}

/** Child logs are pino JSON; shown as one readable line each, people's lines as they are. */
function relay(name: string, stream: NodeJS.ReadableStream, out: NodeJS.WritableStream): void {
  createInterface({ input: stream }).on('line', (line) => {
    out.write(line.startsWith('{') ? formatLog(name, line) : `${name.padEnd(17)} ${line}\n`);
  });
}

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger('start', 'warn');
  // The services run on this same binary (process.execPath): the project's Node (decision 0030).
  process.stdout.write(`node              ${process.version}\n`);
  const db = await ensureDatabase(config, log);
  process.stdout.write(`postgres          ${config.DATABASE_URL ? 'external (DATABASE_URL)' : `embedded, data in ${config.dataDir}/pg`}\n`);
  if (!config.DATABASE_URL) process.stdout.write(`backups           ${config.backupDir} (WAL archived each minute, base backup nightly; docs/operations.md)\n`);
  const internalToken = resolveInternalToken(config);
  const env = {
    ...process.env,
    DATABASE_URL: db.url,
    SEATLEASE_INTERNAL_TOKEN: internalToken,
    SEATLEASE_DATA_DIR: config.dataDir,
  };
  const services: Service[] = [
    { name: 'contract-service', entry: 'contract-service/src/main.ts', url: contractServiceUrl(config) },
    { name: 'billing-service', entry: 'billing-service/src/main.ts', url: billingServiceUrl(config) },
    { name: 'assessment-service', entry: 'assessment-service/src/main.ts', url: assessmentServiceUrl(config) },
    { name: 'gateway', entry: 'gateway/src/main.ts', url: `http://127.0.0.1:${config.PORT}` },
  ];
  const gatewayUrl = services[services.length - 1]!.url;
  const children: ChildProcess[] = [];
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('stopping…\n');
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((r) => {
            if (c.exitCode !== null) return r();
            c.once('exit', () => r());
            c.kill('SIGTERM');
            setTimeout(() => c.kill('SIGKILL'), 10_000).unref();
          }),
      ),
    );
    await db.stop();
    process.exit(code);
  };
  process.once('SIGINT', () => void stopAll(0));
  process.once('SIGTERM', () => void stopAll(0));
  for (const s of services) {
    const child = spawn(process.execPath, ['--import', 'tsx', resolve(root, s.entry)], { env, cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    relay(s.name, child.stderr!, process.stderr);
    relay(s.name, child.stdout!, process.stdout);
    child.once('exit', (code) => {
      if (!stopping) {
        process.stderr.write(`${s.name} exited with code ${code}; stopping everything\n`);
        void stopAll(1);
      }
    });
    try {
      await waitReady(s.url, child);
    } catch (err) {
      process.stderr.write(`${s.name} did not start: ${(err as Error).message}\n`);
      await stopAll(1);
      return;
    }
  }
  process.stdout.write(`\nSeatLease is up: ${gatewayUrl}  (console: ${gatewayUrl}/console, API reference: ${gatewayUrl}/docs)  — Ctrl-C stops everything\n`);
}

function formatLog(name: string, line: string): string {
  try {
    const rec = JSON.parse(line) as { level?: number; msg?: string; req?: { method?: string; url?: string }; res?: { statusCode?: number } };
    const level = ({ 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' } as Record<number, string>)[rec.level ?? 30] ?? 'info';
    const http = rec.req ? ` ${rec.req.method} ${rec.req.url} → ${rec.res?.statusCode ?? ''}` : '';
    return `[${name}] ${level} ${rec.msg ?? ''}${http}\n`;
  } catch {
    return `[${name}] ${line}\n`;
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`start failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
