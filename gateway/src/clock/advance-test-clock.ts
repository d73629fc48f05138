/**
 * PUT /v1/clock (test mode, staff): move the clock forward, never back, and have billing-service
 * run every job that falls due in between, in time order. Advances are serialized (an
 * in-process queue, then a Postgres advisory lock across replicas); the new time is committed
 * only when billing answered, so a failed advance can simply be retried.
 */
import { instant, instantMs, parseWith, ruleBroken, z, type Logger } from '@seatlease/shared';
import type { SerialQueue } from './serial.queue';
import type { TestClockRepository } from './test-clock.repository';
import { shanghaiInstant } from './instant.format';
import type { CallContext, JobRun, Scheduler } from '../upstream/service.ports';

export const advanceClockSchema = z.object({ now: instant() }).strict();

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
    await locked.write(toMs);
    const jobsRun = await deps.scheduler.advance(fromMs, toMs, { requestId: ctx.requestId, nowMs: toMs });
    if (jobsRun === null) {
      deps.log.warn({ requestId: ctx.requestId }, 'billing-service has no scheduler advance endpoint (404): no jobs were run');
    }
    return { now: shanghaiInstant(toMs), jobsRun: jobsRun ?? [] };
  }));
}
