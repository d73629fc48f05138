/**
 * infra/src/migrate.ts (the migrations Job) and the claim that scheduling stays exactly-once with
 * several billing replicas (docs/scaling.md), both against a real PostgreSQL (the test run's).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import type { Knex } from 'knex';
import { createKnex, createLogger } from '@seatlease/shared';
import { freshDatabase, type TestDatabase } from '@seatlease/shared/test/support/testing';
import { migrateSchemas, SCHEMA_NAMES } from '../src/migrate';
import { Scheduler, type Job } from '../../billing-service/src/scheduler/scheduler';
import type { Deps } from '../../billing-service/src/deps';
import { repoRoot } from './support/paths';
import { migrations as contractMigrations } from '../../contract-service/src/migrations/001-initial';
import { migrations as billingMigrations } from '../../billing-service/src/migrations/001-initial';
import { migrations as assessmentMigrations } from '../../assessment-service/src/migrations/001-initial';
import { GATEWAY_MIGRATIONS } from '../../gateway/src/migrations/001-initial';

/** Every migration each service's bootstrap runs, in order: the Job must apply exactly these. */
const EXPECTED: Record<(typeof SCHEMA_NAMES)[number], string[]> = {
  contract: contractMigrations.map((m) => m.name),
  billing: billingMigrations.map((m) => m.name),
  assessment: assessmentMigrations.map((m) => m.name),
  gateway: GATEWAY_MIGRATIONS.map((m) => m.name),
};

const BOOTSTRAPS = {
  contract: 'contract-service/src/bootstrap.ts',
  billing: 'billing-service/src/bootstrap.ts',
  assessment: 'assessment-service/src/bootstrap.ts',
  gateway: 'gateway/src/bootstrap.ts',
} as const;

async function appliedMigrations(knex: Knex, schema: string): Promise<string[]> {
  const rows = (await knex.withSchema(schema).table('knex_migrations').select('name').orderBy('id')) as Array<{ name: string }>;
  return rows.map((r) => r.name);
}

describe('infra/src/migrate.ts', () => {
  it("imports the same migrations, for the same schema, as each service's bootstrap", () => {
    const script = readFileSync(join(repoRoot, 'infra/src/migrate.ts'), 'utf8');
    expect(SCHEMA_NAMES).to.deep.equal(['contract', 'billing', 'assessment', 'gateway']);
    for (const schema of SCHEMA_NAMES) {
      const service = BOOTSTRAPS[schema].split('/')[0]!;
      const bootstrap = readFileSync(join(repoRoot, BOOTSTRAPS[schema]), 'utf8');
      // e.g. `import { migrations } from './migrations/001-initial';` and `SCHEMA = 'contract'`
      const m = bootstrap.match(/import \{ (\w+) \} from '\.\/(migrations\/[\w-]+)'/);
      expect(m, `${BOOTSTRAPS[schema]} imports its migrations`).to.not.equal(null);
      const [, exportName, module] = m!;
      expect(bootstrap).to.match(new RegExp(`SCHEMA = '${schema}'`));
      expect(script).to.include(`(await import('../../${service}/src/${module}')).${exportName}`);
    }
  });

  describe('against PostgreSQL', () => {
    let db: TestDatabase;
    let knex: Knex;

    before(async () => {
      db = await freshDatabase('infra_migrate');
      knex = createKnex(db.url, 'public', { max: 2 });
    });
    after(async () => {
      await knex?.destroy();
      await db?.drop();
    });

    it('migrates every schema, concurrently with itself (as the Job beside starting pods), and again as a no-op', async () => {
      // Three at once, like the Job and two replicas starting together: knex's lock serialises them.
      const runs = await Promise.all([migrateSchemas(db.url), migrateSchemas(db.url), migrateSchemas(db.url, ['billing'])]);
      expect(runs[0]).to.deep.equal(['contract', 'billing', 'assessment', 'gateway']);
      for (const schema of SCHEMA_NAMES) expect(await appliedMigrations(knex, schema), schema).to.deep.equal(EXPECTED[schema]);
      expect(EXPECTED.gateway).to.include('002-tenant-roles');
      await migrateSchemas(db.url);
      for (const schema of SCHEMA_NAMES) expect(await appliedMigrations(knex, schema), schema).to.deep.equal(EXPECTED[schema]);
      const tables = (await knex('information_schema.tables').where({ table_schema: 'billing' }).pluck('table_name')) as string[];
      expect(tables).to.include.members(['invoices', 'job_slots', 'mail_outbox']);
    });

    describe('scheduling across replicas (billing-service/src/scheduler/scheduler.ts)', () => {
      const REPLICAS = 4;
      const DAY_MS = 86_400_000;
      let replicaKnexes: Knex[] = [];

      before(async () => {
        await migrateSchemas(db.url, ['billing']);
      });

      afterEach(async () => {
        await Promise.all(replicaKnexes.map((k) => k.destroy()));
        replicaKnexes = [];
      });

      interface Tally {
        attempts: Map<number, number>;
        successes: Map<number, number>;
        /** Slots seen running on two replicas at once (must stay empty). */
        overlaps: number[];
      }
      const tally = (): Tally => ({ attempts: new Map(), successes: new Map(), overlaps: [] });

      /** A job due at every whole day, slow enough for the replicas to race. */
      function countingJob(name: string, t: Tally, fail?: (slotMs: number) => boolean): Job {
        const inFlight = new Set<number>();
        return {
          name,
          priority: 0,
          slots: (from, to) => {
            const out: number[] = [];
            for (let at = Math.floor(from / DAY_MS) * DAY_MS + DAY_MS; at <= to; at += DAY_MS) out.push(at);
            return out;
          },
          run: async (_deps, slotMs) => {
            if (inFlight.has(slotMs)) t.overlaps.push(slotMs);
            inFlight.add(slotMs);
            t.attempts.set(slotMs, (t.attempts.get(slotMs) ?? 0) + 1);
            try {
              await new Promise((r) => setTimeout(r, 15));
              if (fail?.(slotMs)) throw new Error('simulated failure');
              t.successes.set(slotMs, (t.successes.get(slotMs) ?? 0) + 1);
              return { slotMs };
            } finally {
              inFlight.delete(slotMs);
            }
          },
        };
      }

      /** N schedulers, each with its own connection pool: N billing replicas. */
      function replicas(job: Job): Scheduler[] {
        return Array.from({ length: REPLICAS }, () => {
          const k = createKnex(db.url, 'billing', { max: 2 });
          replicaKnexes.push(k);
          const deps = { knex: k, log: createLogger('scheduler-test', 'silent') } as unknown as Deps;
          return new Scheduler(deps, [job]);
        });
      }

      it('runs each slot exactly once however many replicas tick at the same time', async () => {
        const t = tally();
        const job = countingJob('exactly-once-test', t);
        const from = Date.UTC(2027, 0, 1);
        const to = from + 20 * DAY_MS;
        const schedulers = replicas(job);
        // Every replica ticks over the same window, twice, all at once.
        const results = await Promise.all([...schedulers, ...schedulers].map((s) => s.advance(from, to)));
        expect(t.attempts.size).to.equal(20);
        expect([...t.attempts.values()].every((n) => n === 1), JSON.stringify([...t.attempts])).to.equal(true);
        expect(t.overlaps).to.deep.equal([]);
        expect(results.flat()).to.have.length(20);
        const rows = (await knex.withSchema('billing').table('job_slots').where({ job: job.name }).select('status', 'owner')) as Array<{ status: string }>;
        expect(rows).to.have.length(20);
        expect(rows.every((r) => r.status === 'done')).to.equal(true);
      });

      it('retries a failed slot on later ticks, never on two replicas at once, until it is done once', async () => {
        const t = tally();
        const from = Date.UTC(2027, 5, 1);
        const bad = from + 2 * DAY_MS;
        let failing = true;
        const job = countingJob('retry-test', t, (slot) => failing && slot === bad);
        const schedulers = replicas(job);
        await Promise.all(schedulers.map((s) => s.advance(from, from + 3 * DAY_MS)));
        expect(t.successes.get(bad)).to.equal(undefined);
        expect(t.attempts.get(bad)).to.be.at.least(1);
        const status = await knex.withSchema('billing').table('job_slots').where({ job: job.name, slot: new Date(bad) }).first('status');
        expect(status).to.deep.equal({ status: 'failed' });
        failing = false;
        await Promise.all(schedulers.map((s) => s.advance(from, from + 3 * DAY_MS)));
        await Promise.all(schedulers.map((s) => s.advance(from, from + 3 * DAY_MS)));
        expect([...t.successes.entries()].sort()).to.deep.equal([[from + DAY_MS, 1], [bad, 1], [from + 3 * DAY_MS, 1]]);
        expect(t.overlaps).to.deep.equal([]);
      });

      it('reclaims a slot left running by a dead replica only after its lease (15 minutes)', async () => {
        const t = tally();
        const job = countingJob('lease-test', t);
        const slot = Date.UTC(2027, 8, 2);
        const schedulers = replicas(job);
        await knex.withSchema('billing').table('job_slots').insert({ job: job.name, slot: new Date(slot), status: 'running', owner: 'dead-pod:1', started_at: new Date(slot) });
        // Ten minutes later: still leased to the dead replica.
        await Promise.all(schedulers.map((s) => s.advance(slot - DAY_MS, slot, slot + 10 * 60_000)));
        expect(t.attempts.get(slot)).to.equal(undefined);
        // Twenty minutes later: exactly one replica takes it over.
        await Promise.all(schedulers.map((s) => s.advance(slot - DAY_MS, slot, slot + 20 * 60_000)));
        expect(t.attempts.get(slot)).to.equal(1);
      });
    });
  });
});
