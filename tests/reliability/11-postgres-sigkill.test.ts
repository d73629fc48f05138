/**
 * Reliability 11: PostgreSQL crashes under write load. The services run as real processes on a
 * DEDICATED embedded PostgreSQL; while clients record payments (each with its own
 * Idempotency-Key, retrying with it on any 5xx or broken connection, as a careful client does)
 * and a billing run bills its batches, the postmaster is SIGKILLed — and its backends with it, as
 * in a machine crash — then started again on the same data directory and port (crash recovery
 * from the WAL; fsync is on).
 *
 * Proves: every payment answered 2xx is there; no payment twice (one per key and reference);
 * each client's retries got the first answer its key committed (replayed now, it is the same);
 * the billing run, asked again, completes with exactly one invoice per contract, numbers gapless
 * per year, no invoice without lines, one `invoice_issued` mail per invoice.
 */
import { readFileSync, readdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { createDatabase, startEmbeddedPostgres } from '@seatlease/shared';
import { ADMIN_TOKEN } from '../src/system';
import { startProcesses, type ProcessSystem } from '../src/processes';
import { seedPortfolio } from './support/portfolio';
import { sleep, soak, timedFetch, waitFor, withPg, restartPostgres } from './support';

const CONTRACTS = soak(15, 60);
const WORKERS = soak(3, 6);
const KILLS = soak(1, 4);
const DOWN_FOR_MS = soak(1_500, 4_000);
/** A client gives up on a request after this (the gateway's own upstream timeout is 10 s). */
const REQUEST_DEADLINE_MS = 15_000;

/** The postmaster and every process it started (its backends, checkpointer, WAL writer …). */
function postgresProcesses(dataDir: string): number[] {
  const postmaster = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === postmaster) children.push(Number(entry));
    } catch {
      /* gone meanwhile */
    }
  }
  return [postmaster, ...children];
}

interface Payment {
  key: string;
  reference: string;
  body: Record<string, unknown>;
  /** The first 2xx answer the client got. */
  answer?: { status: number; text: string };
  attempts: number;
  failures: string[];
}

describe('reliability 11: PostgreSQL SIGKILLed under payments and a billing run (real processes)', function () {
  this.timeout(soak(240_000, 900_000));
  const dir = mkdtempSync(join(tmpdir(), 'seatlease-rel-pg-kill-'));
  let current: { stop(): Promise<void> } | undefined;
  let sys: ProcessSystem | undefined;

  after(async () => {
    await sys?.close().catch(() => {});
    await current?.stop().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  });

  it(`→ ${KILLS} crash(es): every 2xx stored, no payment twice, retries get their first answers, one invoice per contract, numbers gapless`, async () => {
    const t0 = Date.now();
    const note = (what: string) => process.env.RELIABILITY_TRACE && process.stdout.write(`      [${((Date.now() - t0) / 1000).toFixed(1)} s] ${what}\n`);
    const first = await startEmbeddedPostgres(dir, { persistent: true });
    current = first;
    const port = Number(new URL(first.url).port);
    const dbUrl = await createDatabase(first.url, 'seatlease_crash');
    // Batches of 5 contracts: the run is several transactions, so a crash can land between them.
    sys = await startProcesses('rel_pg_sigkill', { DATABASE_URL: dbUrl, SEATLEASE_BILLING_RUN_BATCH: '5' });
    const gateway = sys.gatewayUrl;
    await sys.advanceTo('2027-03-01T09:00:00+08:00');
    note('processes up');
    const portfolio = await seedPortfolio(sys.api, CONTRACTS);
    note('portfolio seeded');
    await sys.advanceTo('2027-03-05T09:00:00+08:00');

    const post = (path: string, body: unknown, key: string) =>
      timedFetch(`${gateway}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify(body),
        timeoutMs: REQUEST_DEADLINE_MS,
      });

    /** A 5xx, or 409 with Retry-After: the key's first request is (or was left) in progress. */
    const retryable = (res: { status: number; headers: Headers }) => res.status >= 500 || (res.status === 409 && res.headers.get('retry-after') !== null);
    const payments: Payment[] = [];
    let stop = false;
    let seq = 0;
    /** A client: one payment at a time, retried with its key until it is answered (not a 5xx). */
    const worker = async (w: number) => {
      while (!stop) {
        const n = ++seq;
        const reference = `CRASH-${w}-${n}`;
        const p: Payment = {
          key: randomUUID(),
          reference,
          body: { tenantId: portfolio.tenantIds[n % portfolio.tenantIds.length], amount: 1_000 + n, method: 'bank_transfer', reference, receivedOn: '2027-03-05' },
          attempts: 0,
          failures: [],
        };
        payments.push(p);
        while (p.answer === undefined) {
          p.attempts++;
          try {
            const res = await post('/v1/payments', p.body, p.key);
            if (!retryable(res)) p.answer = { status: res.status, text: res.text };
            else p.failures.push(String(res.status));
          } catch (err) {
            p.failures.push((err as Error).name);
          }
          // Retry-After says 1 s for a key in progress; a 5xx is retried sooner.
          if (p.answer === undefined) await sleep(p.failures[p.failures.length - 1] === '409' ? 1_000 : 150);
        }
      }
    };

    const runKey = randomUUID();
    const askRun = async () => {
      for (;;) {
        try {
          const res = await post('/v1/billing-runs', { period: '2027-04' }, runKey);
          if (!retryable(res)) return res;
        } catch {
          /* a broken connection: asked again */
        }
        await sleep(500);
      }
    };
    const invoicesOfRun = () =>
      withPg(dbUrl, async (c) => Number((await c.query(`select count(*) n from billing.invoices where period = '2027-04'`)).rows[0].n)).catch(() => -1);

    const load = Array.from({ length: WORKERS }, (_, w) => worker(w));
    let killsDuringRun = 0;
    try {
      await waitFor('payments before the crash', async () => payments.filter((p) => p.answer).length >= 5, 30_000, 50);
      const run = askRun();
      for (let k = 1; k <= KILLS; k++) {
        // The first crash lands once the run has issued some of its invoices (if it is still going).
        if (k === 1) await waitFor('the run to have started billing', async () => (await invoicesOfRun()) > 0, 30_000, 10);
        const before = await invoicesOfRun();
        note(`killing PostgreSQL (${before} invoices of the run, ${payments.filter((p) => p.answer).length} payments answered)`);
        if (before >= 0 && before < CONTRACTS) killsDuringRun++;
        for (const pid of postgresProcesses(join(dir, 'pg'))) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            /* already gone */
          }
        }
        current = undefined;
        await sleep(DOWN_FOR_MS);
        const again = await restartPostgres(join(dir, 'pg'), port);
        current = again;
        note('PostgreSQL restarted');
        const okBefore = payments.filter((p) => p.answer).length;
        note(`waiting for payments to succeed again (${okBefore})`);
        await waitFor('payments to succeed again', async () => payments.filter((p) => p.answer).length >= okBefore + 5, 60_000, 50);
      }
      // The first answer (202 while running) is replayed for its key; the client polls the run
      // and, as the API says, asks again (a new request, a new key) to resume one that stopped.
      note('waiting for the first answer of the run');
      const firstRunAnswer = await run;
      note(`run answered ${firstRunAnswer.status}`);
      expect(firstRunAnswer.status, firstRunAnswer.text).to.be.oneOf([200, 202]);
      const started = JSON.parse(firstRunAnswer.text) as { id: string };
      await waitFor(
        'the billing run to complete',
        async () => {
          const got = await sys!.api('GET', `/v1/billing-runs/${started.id}`);
          if (got.status === 200 && got.body.status === 'completed') return true;
          await post('/v1/billing-runs', { period: '2027-04' }, randomUUID()).catch(() => undefined);
          return false;
        },
        90_000,
        500,
      ).catch(async (err) => {
        process.stdout.write(`DEBUG run ${JSON.stringify((await sys!.api('GET', `/v1/billing-runs/${started.id}`)).body)}\n${sys!.logs()['billing-service']}\n`);
        throw err;
      });
    } finally {
      stop = true;
      note('stopping the load');
      await Promise.all(load);
      note('load stopped');
    }

    const retried = payments.filter((p) => p.attempts > 1);
    // Every client got an answer, and every answer is a 201 (the bodies were valid).
    expect(payments.filter((p) => p.answer!.status !== 201).map((p) => `${p.reference}: ${p.answer!.text}`)).to.deep.equal([]);
    const answered = payments.map((p) => ({ ...p, id: (JSON.parse(p.answer!.text) as { id: string }).id }));

    await withPg(dbUrl, async (c) => {
      const stored = (await c.query(`select id::text, reference from billing.payments where reference like 'CRASH-%'`)).rows as Array<{ id: string; reference: string }>;
      const byReference = new Map<string, string[]>();
      for (const r of stored) byReference.set(r.reference, [...(byReference.get(r.reference) ?? []), r.id]);
      expect([...byReference].filter(([, ids]) => ids.length > 1), 'payments stored twice').to.deep.equal([]);
      // Every 2xx is there, under the id its client was told.
      expect(answered.filter((p) => byReference.get(p.reference)?.[0] !== p.id).map((p) => p.reference), 'answered but missing or different').to.deep.equal([]);
      expect(stored.length, 'payments stored without a client that got their answer').to.equal(answered.length);

      const perContract = (await c.query(`select contract_id, count(*)::int n from billing.invoices where period = '2027-04' and kind = 'monthly' group by contract_id`)).rows;
      expect(perContract.length, 'contracts billed for 2027-04').to.equal(CONTRACTS);
      expect(perContract.filter((r) => r.n !== 1), 'contracts billed twice').to.deep.equal([]);
      const numbers = (await c.query(`select number from billing.invoices order by number`)).rows.map((r) => String(r.number));
      const seq2027 = numbers.filter((n) => n.startsWith('INV-2027-')).map((n) => Number(n.slice(9)));
      expect(seq2027, 'invoice numbers gapless').to.deep.equal(seq2027.map((_, i) => i + 1));
      expect((await c.query(`select number from billing.invoices i where not exists (select 1 from billing.invoice_lines l where l.invoice_id = i.id)`)).rows).to.deep.equal([]);
      const mails = await c.query(
        `select i.number from billing.invoices i left join billing.mail_outbox m on m.invoice_id = i.id and m.kind = 'invoice_issued'
          group by i.number having count(m.id) <> 1`,
      );
      expect(mails.rows, 'invoices without exactly one issue mail').to.deep.equal([]);
    });

    // A client retrying now with its key gets its first answer, whichever store answers.
    for (const p of retried.length ? retried : payments.slice(0, 5)) {
      const again = await post('/v1/payments', p.body, p.key);
      expect(again.status).to.equal(p.answer!.status);
      expect(JSON.parse(again.text)).to.deep.equal(JSON.parse(p.answer!.text));
    }
    process.stdout.write(
      `      ${payments.length} payments, ${payments.reduce((n, p) => n + p.attempts, 0)} requests, ${retried.length} retried ` +
        `(${payments.reduce((n, p) => n + p.failures.length, 0)} failed tries: ${[...new Set(payments.flatMap((p) => p.failures))].join('/')}), ` +
        `${KILLS} kill(s), ${killsDuringRun} during the run; duplicates found: 0\n`,
    );
  });
});
