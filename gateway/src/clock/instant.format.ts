import { toShanghaiIso } from '@seatlease/shared';

/** An instant written in Asia/Shanghai time, keeping milliseconds when there are any. */
export function shanghaiInstant(ms: number): string {
  const iso = toShanghaiIso(ms);
  const millis = ((ms % 1000) + 1000) % 1000;
  return millis === 0 ? iso : iso.replace('+08:00', `.${String(millis).padStart(3, '0')}+08:00`);
}
