/** GET /v1/clock: the system's test clock (initialised to real time at first use). */
import type { TestClockRepository } from './test-clock.repository';
import { shanghaiInstant } from './instant.format';

export async function readTestClock(clock: TestClockRepository, realNowMs: number): Promise<{ now: string }> {
  return { now: shanghaiInstant(await clock.read(realNowMs)) };
}
