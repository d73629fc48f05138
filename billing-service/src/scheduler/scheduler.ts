/**
 * Scheduled work, exactly once however many replicas tick. node-cron only ticks; what is due is
 * decided from the clock: every job has slots (instants in Asia/Shanghai), and a slot is worked
 * by whoever inserts its (job, slot) row first. A slot whose worker died (still `running` after
 * the lease) or failed is claimed again; all the work inside is idempotent.
 *
 * The test clock (API.md) moves time forward by calling `advance(from, to)`, which runs the same
 * slots in time order — so the test clock and a real day behave the same.
 */
import { hostname } from 'node:os';
import { syncFapiaoRequests } from '../fapiao/request-fapiaos';
import cron, { type ScheduledTask } from 'node-cron';
import {
  purgeIdempotentRequests,
  addMonths,
  dateRange,
  monthOf,
  shanghaiDate,
  shanghaiMidnightMs,
  toShanghaiIso,
  type IsoDate,
} from '@seatlease/shared';
import { runBilling } from '../runs/billing-run';
import { sweepFinalInvoices } from '../invoices/sweep-final-invoices';
import { sweepOpeningInvoices } from '../invoices/sweep-opening-invoices';
import { sweepRecentOpeningInvoices } from '../invoices/sweep-recent-opening-invoices';
import { sweepSupplementaryInvoices } from '../invoices/sweep-supplementary-invoices';
import { runDunning } from '../dunning/dunning';
import { runRenewalNotices } from '../notices/renewal-notices';
import { runNightlyBackup } from '../backups/nightly-backup';
import { runTrafficReports } from '../traffic/traffic-mailing';
import type { Deps } from '../deps';
import { jobCursors, jobSlots } from './job-slots.repository';

export interface Job {
  name: string;
  /** Order among jobs due at the same instant. */
  priority: number;
  /** The job's slots in (fromMs, toMs]. */
  slots(fromMs: number, toMs: number, deps: Deps): number[];
  run(deps: Deps, slotMs: number): Promise<unknown>;
}

/** Slot instants at 00:00 Asia/Shanghai on each date the predicate accepts, in (from, to]. */
function midnightSlots(fromMs: number, toMs: number, accept: (d: IsoDate) => boolean): number[] {
  if (toMs <= fromMs) return [];
  const out: number[] = [];
  for (const d of dateRange(shanghaiDate(fromMs), shanghaiDate(toMs))) {
    const ms = shanghaiMidnightMs(d);
    if (ms > fromMs && ms <= toMs && accept(d)) out.push(ms);
  }
  return out;
}

const TRAFFIC_REPORT_HOUR_MS = 9 * 3_600_000;
/** The tick's period: node-cron ticks every minute. */
const TICK_MS = 60_000;
/**
 * How many of the last minute slots of (from, to] a tick job works: one tick's worth and the one
 * before it. A tick job sweeps for what is missing, so a long pause (or the test clock moving
 * months) needs its latest slots only, not one per minute passed.
 */
const TICK_SLOTS_KEPT = 2;
/** Slot rows of tick jobs older than this are deleted by the daily job (1,440 a day otherwise). */
const TICK_SLOT_RETENTION_MS = 2 * 86_400_000;

/** Minute instants in (fromMs, toMs], at most the last TICK_SLOTS_KEPT of them. */
function tickSlots(fromMs: number, toMs: number): number[] {
  const out: number[] = [];
  for (let ms = Math.floor(toMs / TICK_MS) * TICK_MS; ms > fromMs && out.length < TICK_SLOTS_KEPT; ms -= TICK_MS) out.unshift(ms);
  return out;
}

const JOBS: Job[] = [
  {
    // Opening invoices missed at signing, final invoices after the last day, dunning, renewals.
    name: 'daily',
    priority: 0,
    slots: (from, to) => midnightSlots(from, to, () => true),
    run: async (deps, slotMs) => {
      const today = shanghaiDate(slotMs);
      return {
        openingInvoices: await sweepOpeningInvoices(deps, today, slotMs),
        finalInvoices: await sweepFinalInvoices(deps, today, slotMs),
        supplementaryInvoices: await sweepSupplementaryInvoices(deps, today, slotMs),
        dunning: await runDunning(deps, today, slotMs),
        renewals: await runRenewalNotices(deps, today, slotMs),
        // The backstop for bills paid or issued without a payment's hook (paid at issue by credit).
        fapiaoRequests: await syncFapiaoRequests(deps, today),
        idempotencyRecordsPurged: await purgeIdempotentRequests(deps.knex, Date.now()),
        tickSlotsPurged: await jobSlots.purgeBefore(deps.knex, 'opening-invoices', slotMs - TICK_SLOT_RETENTION_MS),
      };
    },
  },
  {
    // Issue 18: a contract signed while billing could not issue its opening invoice gets it at
    // the next tick (decision 0040), not at the next midnight.
    name: 'opening-invoices',
    priority: 2,
    slots: (from, to) => tickSlots(from, to),
    run: async (deps, slotMs) => ({ openingInvoices: await sweepRecentOpeningInvoices(deps, shanghaiDate(slotMs), slotMs) }),
  },
  {
    // SPEC §4: month M is billed in advance on the billing day (default the 10th) of M−1.
    name: 'monthly-billing',
    priority: 1,
    slots: (from, to, deps) => midnightSlots(from, to, (d) => Number(d.slice(8, 10)) === deps.config.SEATLEASE_BILLING_DAY),
    run: async (deps, slotMs) => {
      const today = shanghaiDate(slotMs);
      const period = addMonths(monthOf(today), 1);
      const run = await runBilling(deps, { period, today, nowMs: slotMs, trigger: 'scheduler' });
      // Requests that follow issue (SEATLEASE_FAPIAO_REQUEST_ON=issued) are made the day of the run.
      const fapiaoRequests = deps.config.SEATLEASE_FAPIAO_REQUEST_ON === 'issued' ? await syncFapiaoRequests(deps, today) : 0;
      return { period, runId: run.id, invoicesIssued: run.invoices_issued, fapiaoRequests };
    },
  },
  {
    // A base backup of the embedded PostgreSQL at 02:00, after the day's midnight work; no slots
    // at all when the database is backed up elsewhere (backups/backup-settings.ts).
    name: 'nightly-backup',
    priority: 2,
    slots: (from, to, deps) =>
      deps.backups ? midnightSlots(from - 2 * 3_600_000, to - 2 * 3_600_000, () => true).map((ms) => ms + 2 * 3_600_000) : [],
    // A failed backup must not hold back the billing jobs behind it (a failed slot stops the
    // pass): it is logged and recorded as the slot's result, the backup-age alert tells staff,
    // and the next night tries again.
    run: (deps) =>
      runNightlyBackup(deps).catch((err: unknown) => {
        deps.log.error({ err }, 'nightly base backup failed');
        return { failed: err instanceof Error ? err.message : String(err) };
      }),
  },
  {
    // 第十三条: at the start of each month, last month's traffic report to each tenant. At 09:00
    // rather than midnight, so the night's call imports are in (decision 0048).
    name: 'monthly-traffic-report',
    priority: 3,
    slots: (from, to) => midnightSlots(from - TRAFFIC_REPORT_HOUR_MS, to - TRAFFIC_REPORT_HOUR_MS, (d) => d.endsWith('-01')).map((ms) => ms + TRAFFIC_REPORT_HOUR_MS),
    run: async (deps, slotMs) => runTrafficReports(deps, shanghaiDate(slotMs), slotMs),
  },
];

/** A slot left `running` longer than this is presumed dead and claimed again. */
const LEASE_MINUTES = 15;
/** How long a pass waits for a slot another replica is working before leaving it to the next tick. */
const SLOT_WAIT_MS = 10_000;
/** How far back a real-time tick catches up after downtime (a limit on everything). */
const MAX_CATCH_UP_DAYS = 45;

export interface JobRun {
  job: string;
  at: string;
  result: unknown;
}

export class Scheduler {
  private readonly owner = `${hostname()}:${process.pid}`;
  private task: ScheduledTask | null = null;
  private running: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: Deps, private readonly jobs: Job[] = JOBS) {}

  /** Claims a slot; answers true when this process is to work it. */
  private async claim(job: string, slotMs: number, nowMs: number): Promise<boolean> {
    return jobSlots.claim(this.deps.knex, { job, slotMs, owner: this.owner, nowMs, leaseMinutes: LEASE_MINUTES });
  }

  /**
   * Waits a while for another process working a slot; answers how it ended, or 'busy' when it is
   * still running (a long billing run, or a replica that died: its lease expires later). The
   * caller then stops this pass and the next tick carries on, still in time order.
   */
  private async waitForSlot(job: string, slotMs: number): Promise<'done' | 'failed' | 'busy'> {
    const deadline = Date.now() + SLOT_WAIT_MS;
    for (let delay = 20; Date.now() < deadline; delay = Math.min(delay * 2, 1000)) {
      const status = await jobSlots.status(this.deps.knex, job, slotMs);
      if (status === undefined || status === 'done') return 'done';
      if (status === 'failed') return 'failed';
      await new Promise((r) => setTimeout(r, delay));
    }
    return 'busy';
  }

  /** Runs every slot in (fromMs, toMs], in time order, each at most once across all processes. */
  async advance(fromMs: number, toMs: number, nowMs = toMs): Promise<JobRun[]> {
    return (await this.advanceReporting(fromMs, toMs, nowMs)).jobsRun;
  }

  /**
   * The test clock's step (decision 0029): every slot in [fromMs, toMs] — `fromMs` included, so
   * a slot that failed or was still running when the clock was set to it is worked on the retry
   * (a slot already done is skipped by its claim) — and whether all of them are done.
   * `completed: false` means a slot failed, or another process is still working it: the caller
   * keeps the clock where it is and retries.
   */
  async advanceThrough(fromMs: number, toMs: number): Promise<{ jobsRun: JobRun[]; completed: boolean }> {
    return this.advanceReporting(fromMs - 1, toMs, toMs);
  }

  private async advanceReporting(fromMs: number, toMs: number, nowMs: number): Promise<{ jobsRun: JobRun[]; completed: boolean }> {
    const due = this.jobs
      .flatMap((job) => job.slots(fromMs, toMs, this.deps).map((slotMs) => ({ job, slotMs })))
      .sort((a, b) => a.slotMs - b.slotMs || a.job.priority - b.job.priority);
    const runs: JobRun[] = [];
    for (const { job, slotMs } of due) {
      if (!(await this.claim(job.name, slotMs, Math.max(nowMs, slotMs)))) {
        // Another replica has this slot. Later slots may depend on it (a day's notices are
        // decided by the days before it), so wait for it rather than run ahead of it.
        const outcome = await this.waitForSlot(job.name, slotMs);
        if (outcome === 'done') continue;
        return { jobsRun: runs, completed: false };
      }
      try {
        const result = await job.run(this.deps, slotMs);
        await jobSlots.finish(this.deps.knex, { job: job.name, slotMs, status: 'done', finishedAtMs: Math.max(nowMs, slotMs), result: result ?? null });
        runs.push({ job: job.name, at: toShanghaiIso(slotMs), result });
      } catch (err) {
        this.deps.log.error({ err, job: job.name, slot: toShanghaiIso(slotMs) }, 'scheduled job failed; the next tick retries it');
        await jobSlots.finish(this.deps.knex, { job: job.name, slotMs, status: 'failed', finishedAtMs: Math.max(nowMs, slotMs), result: { error: String(err) } });
        runs.push({ job: job.name, at: toShanghaiIso(slotMs), result: { error: (err as Error).message } });
        // Later slots may depend on this one (a run before its dunning): stop here, retry next tick.
        return { jobsRun: runs, completed: false };
      }
    }
    return { jobsRun: runs, completed: true };
  }

  /** A real-time tick: everything due since the last tick (bounded catch-up). */
  async tick(nowMs = Date.now()): Promise<JobRun[]> {
    const lastMs = await jobCursors.get(this.deps.knex, 'scheduler');
    const floor = nowMs - MAX_CATCH_UP_DAYS * 86_400_000;
    const fromMs = lastMs !== null ? Math.max(lastMs, floor) : nowMs - 60_000;
    const runs = await this.advance(fromMs, nowMs);
    const failed = runs.some((r) => (r.result as { error?: string } | null)?.error);
    if (!failed) {
      await jobCursors.set(this.deps.knex, 'scheduler', nowMs);
    }
    return runs;
  }

  /** node-cron ticks every minute in Asia/Shanghai; overlapping ticks in one process are skipped. */
  start(): void {
    this.task = cron.schedule(
      '* * * * *',
      () => {
        this.running = this.tick().catch((err) => this.deps.log.error({ err }, 'scheduler tick failed'));
        return this.running;
      },
      { timezone: 'Asia/Shanghai', noOverlap: true, name: 'seatlease-scheduler' },
    );
  }

  async stop(): Promise<void> {
    await this.task?.stop();
    await this.running;
  }
}

