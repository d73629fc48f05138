/**
 * PUT /v1/clock (test mode, staff): move the clock forward, never back, at most 400 days per
 * call, and have billing-service run every job that falls due in between, in time order.
 *
 * The clock and its jobs advance together (decision 0029): the clock steps from one midnight
 * (Asia/Shanghai, when the scheduler's slots fall) to the next, and each step is committed
 * before billing runs that step's jobs, so no job ever runs past the clock. A call that fails
 * midway (a job failed, billing timed out) leaves `GET /v1/clock` at the step whose jobs did not
 * finish; the next PUT continues from there and works that step's unfinished jobs first.
 * Advances are serialized (an in-process queue, then a Postgres advisory lock across replicas).
 */
import { AppError, dateRange, instantMs, parseWith, ruleBroken, shanghaiDate, shanghaiMidnightMs, type Logger } from '@seatlease/shared';
import type { SerialQueue } from './serial.queue';
import type { TestClockRepository } from './test-clock.repository';
import { shanghaiInstant } from './instant.format';
import type { CallContext, JobRun, Scheduler } from '../upstream/service.ports';
import { ClockAdvance as advanceClockSchema } from '@seatlease/shared/src/api';

/** A limit on one call (STYLE habit 10): a year and a month of jobs at most. */
const MAX_ADVANCE_DAYS = 400;
const DAY_MS = 86_400_000;

export interface AdvanceTestClockDeps {
  clock: TestClockRepository;
  scheduler: Scheduler;
  queue: SerialQueue;
  log: Logger;
}

export interface ClockAdvanced {
  now: string;
  jobsRun: JobRun[];
}

/** The instants the clock stops at on its way from `fromMs` to `toMs`: each midnight in (from, to], then `to`. */
function clockSteps(fromMs: number, toMs: number): number[] {
  const steps: number[] = [];
  for (const d of dateRange(shanghaiDate(fromMs), shanghaiDate(toMs))) {
    const ms = shanghaiMidnightMs(d);
    if (ms > fromMs && ms <= toMs) steps.push(ms);
  }
  if (steps.at(-1) !== toMs && toMs > fromMs) steps.push(toMs);
  return steps;
}

export async function advanceTestClock(
  deps: AdvanceTestClockDeps,
  input: unknown,
  ctx: CallContext & { realNowMs: number },
): Promise<ClockAdvanced> {
  const body = parseWith(advanceClockSchema, input);
  const toMs = instantMs(body.now);
  return deps.queue.run(() => deps.clock.withLock(async (locked) => {
    const fromMs = await locked.read(ctx.realNowMs);
    if (toMs < fromMs) {
      throw ruleBroken('now', `the test clock only moves forward: it is already ${shanghaiInstant(fromMs)}`, {
        currentNow: shanghaiInstant(fromMs),
      });
    }
    if (toMs - fromMs > MAX_ADVANCE_DAYS * DAY_MS) {
      throw ruleBroken('now', `one call moves the test clock at most ${MAX_ADVANCE_DAYS} days: it is ${shanghaiInstant(fromMs)}, so at most ${shanghaiInstant(fromMs + MAX_ADVANCE_DAYS * DAY_MS)}; move in several calls`, {
        currentNow: shanghaiInstant(fromMs),
        latestNow: shanghaiInstant(fromMs + MAX_ADVANCE_DAYS * DAY_MS),
      });
    }
    const jobsRun: JobRun[] = [];
    // The first step is the current time itself: it works any job a failed call left unfinished
    // there before the clock moves on (billing skips the slots already done).
    let at = fromMs;
    for (const step of [fromMs, ...clockSteps(fromMs, toMs)]) {
      await locked.write(step);
      let result: Awaited<ReturnType<Scheduler['advance']>>;
      try {
        result = await deps.scheduler.advance(at, step, { requestId: ctx.requestId, nowMs: step });
      } catch (err) {
        if (err instanceof AppError) {
          throw new AppError(err.kind, `${err.message}; the test clock stands at ${shanghaiInstant(step)}, where the jobs got to: PUT it again to continue`, err.errors, {
            ...err.extra,
            now: shanghaiInstant(step),
            jobsRun,
          });
        }
        throw err;
      }
      if (result === null) {
        deps.log.warn({ requestId: ctx.requestId }, 'billing-service has no scheduler advance endpoint (404): no jobs were run');
      } else {
        jobsRun.push(...result.jobsRun);
        if (!result.completed) {
          const failed = result.jobsRun.find((r) => (r.result as { error?: string } | null)?.error);
          throw new AppError(
            'upstream',
            `${failed ? `the job ${failed.job} at ${failed.at} failed: ${(failed.result as { error: string }).error}` : 'a job due at this time is still being worked'}; the test clock stands at ${shanghaiInstant(step)}: PUT it again to continue`,
            [],
            { now: shanghaiInstant(step), jobsRun },
          );
        }
      }
      at = step;
    }
    await locked.write(toMs);
    return { now: shanghaiInstant(toMs), jobsRun };
  }));
}
