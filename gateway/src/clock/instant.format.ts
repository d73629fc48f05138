import { toShanghaiInstant } from '@seatlease/shared';

/** An instant written in Asia/Shanghai time, keeping milliseconds when there are any. */
export function shanghaiInstant(ms: number): string {
  return toShanghaiInstant(ms);
}
