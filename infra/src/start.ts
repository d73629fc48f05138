/**
 * `npm start`: the whole system on one machine. Starts (or reuses) the embedded PostgreSQL
 * under SEATLEASE_DATA_DIR unless DATABASE_URL is set, then each service as its own process,
 * gateway last; prints one line per service with its URL and, at first start, the admin token.
 * Ctrl-C stops everything cleanly.
 */
import { randomUUID } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { createLogger, ensureDatabase, freePort, loadConfig, resolveInternalToken } from '@seatlease/shared';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

interface Service {
  name: string;
  entry: string;
  url: string;
  /** This start's id for the process: /healthz must answer it (not another copy on the port). */
  instance: string;
  env: Record<string, string>;
}

/** Whether nothing listens on 127.0.0.1:port (and we may bind it). */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', () => done(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => done(true)));
  });
}

/**
 * An internal service's port: the env variable when set, else PORT+offset when free, else any
 * free port — so a second copy started with another PORT never lands on the first copy's
 * services (which answered its readiness check, issue 24).
 */
async function servicePort(envName: string, gatewayPort: number, offset: number, taken: Set<number>, preferPortPlusOffset = true): Promise<number> {
  const set = process.env[envName];
  if (set) return Number(set);
  const preferred = gatewayPort + offset;
  if (preferPortPlusOffset && preferred <= 65535 && !taken.has(preferred) && (await portIsFree(preferred))) return preferred;
  for (;;) {
    const port = await freePort();
    if (!taken.has(port)) return port;
  }
}

async function waitReady(s: Service, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode}`);
    try {
      const res = await fetch(`${s.url}/healthz`, { signal: AbortSignal.timeout(1000) });
      const body = res.ok ? ((await res.json()) as { instance?: string }) : null;
      // Only the process we started counts: another copy on the port is not "up" for us.
      if (body?.instance === s.instance) return;
    } catch {
      // not yet listening
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`not healthy after ${timeoutMs} ms (or ${s.url} is answered by another process)`);
}

/** Child logs are pino JSON; shown as one readable line each, people's lines as they are. */
function relay(name: string, stream: NodeJS.ReadableStream, out: NodeJS.WritableStream, onLine?: (line: string) => void): void {
  createInterface({ input: stream }).on('line', (line) => {
    onLine?.(line);
    out.write(line.startsWith('{') ? formatLog(name, line) : `${name.padEnd(17)} ${line}\n`);
  });
}

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger('start', 'warn');
  // The services run on this same binary (process.execPath): the project's Node (decision 0030).
  process.stdout.write(`node              ${process.version}\n`);
  if (!(await portIsFree(config.PORT))) {
    process.stderr.write(`PORT ${config.PORT} is in use (another SeatLease?): set PORT to a free port\n`);
    process.exit(1);
  }
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
  /**
   * The internal ports, checked free just before the services start. Another process can still
   * take one between the check and the service's listen (a shared machine, ports in the
   * ephemeral range): a service that then fails with EADDRINUSE on a port chosen here (not set
   * in the environment) makes the whole start try again on other free ports, at most 3 times.
   */
  const plan = async (attempt: number) => {
    const prefer = attempt === 1;
    const taken = new Set<number>([config.PORT]);
    const contractPort = await servicePort('CONTRACT_SERVICE_PORT', config.PORT, 1, taken, prefer);
    taken.add(contractPort);
    const billingPort = await servicePort('BILLING_SERVICE_PORT', config.PORT, 2, taken, prefer);
    taken.add(billingPort);
    const assessmentPort = await servicePort('ASSESSMENT_SERVICE_PORT', config.PORT, 3, taken, prefer);
    const contractUrl = process.env.CONTRACT_SERVICE_URL || `http://127.0.0.1:${contractPort}`;
    const billingUrl = process.env.BILLING_SERVICE_URL || `http://127.0.0.1:${billingPort}`;
    const assessmentUrl = process.env.ASSESSMENT_SERVICE_URL || `http://127.0.0.1:${assessmentPort}`;
    const ports = {
      CONTRACT_SERVICE_PORT: String(contractPort),
      BILLING_SERVICE_PORT: String(billingPort),
      ASSESSMENT_SERVICE_PORT: String(assessmentPort),
      CONTRACT_SERVICE_URL: contractUrl,
      BILLING_SERVICE_URL: billingUrl,
      ASSESSMENT_SERVICE_URL: assessmentUrl,
    };
    const services: Array<Service & { portEnv?: string }> = [
      { name: 'contract-service', entry: 'contract-service/src/main.ts', url: contractUrl, instance: randomUUID(), env: ports, portEnv: 'CONTRACT_SERVICE_PORT' },
      { name: 'billing-service', entry: 'billing-service/src/main.ts', url: billingUrl, instance: randomUUID(), env: ports, portEnv: 'BILLING_SERVICE_PORT' },
      { name: 'assessment-service', entry: 'assessment-service/src/main.ts', url: assessmentUrl, instance: randomUUID(), env: ports, portEnv: 'ASSESSMENT_SERVICE_PORT' },
      { name: 'gateway', entry: 'gateway/src/main.ts', url: `http://127.0.0.1:${config.PORT}`, instance: randomUUID(), env: ports },
    ];
    return services;
  };
  const children: ChildProcess[] = [];
  let stopping = false;
  const stopChildren = () =>
    Promise.all(
      children.splice(0).map(
        (c) =>
          new Promise<void>((r) => {
            if (c.exitCode !== null || c.signalCode !== null) return r();
            c.once('exit', () => r());
            c.kill('SIGTERM');
            setTimeout(() => c.kill('SIGKILL'), 10_000).unref();
          }),
      ),
    );
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('stopping…\n');
    await stopChildren();
    await db.stop();
    process.exit(code);
  };
  process.once('SIGINT', () => void stopAll(0));
  process.once('SIGTERM', () => void stopAll(0));
  let gatewayUrl = '';
  for (let attempt = 1; ; attempt++) {
    const services = await plan(attempt);
    gatewayUrl = services[services.length - 1]!.url;
    let again = false;
    for (const s of services) {
      let portTaken = false;
      let starting = true;
      const child = spawn(process.execPath, ['--import', 'tsx', resolve(root, s.entry)], {
        env: { ...env, ...s.env, SEATLEASE_INSTANCE_ID: s.instance },
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.push(child);
      const seen = (line: string) => {
        if (line.includes('EADDRINUSE')) portTaken = true;
      };
      relay(s.name, child.stderr!, process.stderr, seen);
      relay(s.name, child.stdout!, process.stdout, seen);
      child.once('exit', (code) => {
        // While it starts, waitReady reports its exit (and whether to try other ports).
        if (!stopping && !starting) {
          process.stderr.write(`${s.name} exited with code ${code}; stopping everything\n`);
          void stopAll(1);
        }
      });
      try {
        await waitReady(s, child);
        starting = false;
      } catch (err) {
        // Lines still in the pipe when the child exited.
        await new Promise((r) => setTimeout(r, 100));
        if (portTaken && s.portEnv && !process.env[s.portEnv] && attempt < 3) {
          process.stdout.write(`${s.name} found its port taken meanwhile by another process; starting again on other free ports\n`);
          again = true;
          break;
        }
        process.stderr.write(`${s.name} did not start: ${(err as Error).message}\n`);
        await stopAll(1);
        return;
      }
    }
    if (!again) break;
    await stopChildren();
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
