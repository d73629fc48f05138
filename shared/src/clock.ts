/**
 * The injected clock (STYLE habit 6). Services read "now" from a Clock; pure functions get
 * `today`; jobs get `asOf`. Tests move the clock; they never sleep.
 */
import { shanghaiDate, type IsoDate } from './dates';

export interface Clock {
  /** Epoch milliseconds. */
  nowMs(): number;
}

export const systemClock: Clock = { nowMs: () => Date.now() };

/** Today's calendar date in Asia/Shanghai. */
export function today(clock: Clock): IsoDate {
  return shanghaiDate(clock.nowMs());
}

/** Header through which the gateway passes the system's test clock to the services. */
export const TEST_NOW_HEADER = 'x-seatlease-now';
