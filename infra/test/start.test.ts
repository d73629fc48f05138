/**
 * `npm start` (infra/src/start.ts), issue 24: two copies with only a different PORT and
 * SEATLEASE_DATA_DIR run side by side, each on its own services and database; and a copy whose
 * service port is answered by another process never reports "up".
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'chai';
import { freePort } from '@seatlease/shared';
import { repoRoot } from './support/paths';

interface Copy {
  child: ChildProcess;
  out(): string;
  exited: Promise<number | null>;
}

const TOKEN = 'sl_start_test_admin_token_0123456789';

function startCopy(env: Record<string, string>): Copy {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(PORT|CONTRACT_SERVICE_|BILLING_SERVICE_|DATABASE_URL|SEATLEASE_)/.test(k)),
  ) as Record<string, string>;
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(repoRoot, 'infra/src/start.ts')], {
    cwd: repoRoot,
    env: { ...clean, LOG_LEVEL: 'warn', SEATLEASE_ADMIN_TOKEN: TOKEN, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, out: () => out, exited };
}

async function waitFor(copy: Copy, pattern: RegExp, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (pattern.test(copy.out())) return;
    if (copy.child.exitCode !== null) throw new Error(`exited ${copy.child.exitCode} before ${pattern}: ${copy.out()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no ${pattern} after ${timeoutMs} ms: ${copy.out()}`);
}

async function stop(copy: Copy): Promise<void> {
  if (copy.child.exitCode === null) copy.child.kill('SIGINT');
  await copy.exited;
}

describe('npm start: side by side (infra/src/start.ts)', function () {
  this.timeout(240_000);
  const dirs: string[] = [];
  const copies: Copy[] = [];
  let squatter: Server | null = null;
  after(async () => {
    for (const c of copies) await stop(c);
    squatter?.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('runs two copies with only PORT and SEATLEASE_DATA_DIR different, each on its own services and data', async () => {
    const ports = [await freePort(), await freePort()];
    for (const port of ports) {
      const dir = mkdtempSync(join(tmpdir(), 'seatlease-start-'));
      dirs.push(dir);
      copies.push(startCopy({ PORT: String(port), SEATLEASE_DATA_DIR: dir }));
    }
    await Promise.all(copies.map((c) => waitFor(c, /SeatLease is up/, 200_000)));
    const api = (port: number, method: string, path: string, body?: unknown) =>
      fetch(`http://127.0.0.1:${port}${path}`, {
        method,
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as any })); // eslint-disable-line @typescript-eslint/no-explicit-any
    for (const port of ports) expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).to.equal(200);
    const made = await api(ports[0]!, 'POST', '/v1/tenants', { name: '第一套', billingEmails: ['a@one.example'] });
    expect(made.status).to.equal(201);
    // The second copy has its own services and database: the first copy's tenant is not there.
    expect((await api(ports[1]!, 'GET', `/v1/tenants/${made.body.id}`)).status).to.equal(404);
    expect((await api(ports[0]!, 'GET', `/v1/tenants/${made.body.id}`)).status).to.equal(200);
    // Each copy printed its own internal service URLs (PORT+1/+2, or free ports): none shared.
    // (After a start that found a port taken meanwhile and began again, the lines of the last attempt.)
    const urls = copies.slice(0, 2).map((c) => [...c.out().split(/starting again on other free ports/).at(-1)!.matchAll(/listening on (http:\/\/[\d.:]+)/g)].map((m) => m[1]));
    expect(urls[0]!.length, copies[0]!.out()).to.equal(4); // contract, billing, assessment, gateway
    expect(urls[0]!.filter((u) => urls[1]!.includes(u))).to.deep.equal([]);
  });

  it('starts again on other free ports when a port free at the check is taken before a service listens', async () => {
    // PORT+1 is free on 127.0.0.1 (what the check binds) but taken on 127.0.0.2, so contract-service
    // listening on every interface fails with EADDRINUSE: the race of a shared machine, made certain.
    const port = await freePort();
    const squat = createServer();
    await new Promise<void>((r) => squat.listen(port + 1, '127.0.0.2', () => r()));
    try {
      const dir = mkdtempSync(join(tmpdir(), 'seatlease-start-'));
      dirs.push(dir);
      const copy = startCopy({ PORT: String(port), SEATLEASE_DATA_DIR: dir, SEATLEASE_LISTEN_HOST: '0.0.0.0' });
      copies.push(copy);
      await waitFor(copy, /SeatLease is up/, 200_000);
      expect(copy.out()).to.match(/contract-service found its port taken meanwhile by another process; starting again on other free ports/);
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status, copy.out()).to.equal(200);
      await stop(copy);
    } finally {
      squat.close();
    }
  });

  it('never reports "up" when a service port is answered by another process', async () => {
    // Something already answers /healthz with 200 on the port contract-service is told to use.
    const taken = await freePort();
    squatter = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok","service":"contract-service"}'));
    await new Promise<void>((r) => squatter!.listen(taken, '127.0.0.1', () => r()));
    const dir = mkdtempSync(join(tmpdir(), 'seatlease-start-'));
    dirs.push(dir);
    const copy = startCopy({ PORT: String(await freePort()), SEATLEASE_DATA_DIR: dir, CONTRACT_SERVICE_PORT: String(taken) });
    copies.push(copy);
    const code = await Promise.race([copy.exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 200_000))]);
    expect(code, copy.out()).to.equal(1);
    expect(copy.out()).to.not.match(/SeatLease is up/);
    expect(copy.out()).to.match(/contract-service (did not start|exited)/);
  });
});
