/**
 * When a contract can have calls (§2.A6): from the day its first seat went live to its last
 * day of service, both Asia/Shanghai calendar dates, inclusive. Seats that are only forecast
 * (not opened yet) are not live (SPEC §3), so a contract still waiting for its opening has no
 * live period. Pure: BillingFacts in, an interval of instants out, for the set-based check.
 */
import type { BillingFacts } from '@seatlease/shared/src/billing-facts';
import { addDays, minDate, shanghaiMidnightMs, type IsoDate } from '@seatlease/shared/src/dates';

export interface LivePeriod {
  contractId: string;
  /** First day a seat was live (Asia/Shanghai). */
  firstDay: IsoDate;
  /** Last day of service: the termination's effective date, else the end of the term. */
  lastDay: IsoDate;
  /** Calls at or after this instant… */
  fromMs: number;
  /** …and strictly before this one (00:00 Asia/Shanghai after `lastDay`) are live. */
  untilMs: number;
}

export type Liveness = { live: true; period: LivePeriod } | { live: false; reason: string };

export function livePeriodOf(facts: BillingFacts): Liveness {
  const opened = facts.seatSpans.filter((s) => !s.forecast);
  if (opened.length === 0) {
    return { live: false, reason: `contract ${facts.contractId} has no opened seats yet (status ${facts.status}), so it can have no calls` };
  }
  const firstDay = opened.map((s) => s.liveFrom).reduce(minDate);
  const lastDay = facts.termination ? minDate(facts.termination.effectiveDate, facts.endDate) : facts.endDate;
  if (lastDay < firstDay) {
    return { live: false, reason: `contract ${facts.contractId} ended (${lastDay}) before its first seat went live (${firstDay})` };
  }
  return {
    live: true,
    period: { contractId: facts.contractId, firstDay, lastDay, fromMs: shanghaiMidnightMs(firstDay), untilMs: shanghaiMidnightMs(addDays(lastDay, 1)) },
  };
}

export function notFoundLiveness(contractId: string): Liveness {
  return { live: false, reason: `contract ${contractId} was not found` };
}

/**
 * Days after a contract's last day of service during which its calls are still accepted
 * (decision 0042): carriers deliver call records days, at worst weeks, late; those that arrive
 * after the final invoice go on a supplementary one. Later, a call gets a rejection row.
 */
export const LATE_CALL_DAYS = 60;

/** Why a contract takes no more calls on `today`, or null while it still does (decision 0042). */
export function lateCallsClosed(period: LivePeriod, today: IsoDate): string | null {
  const closes = addDays(period.lastDay, LATE_CALL_DAYS);
  if (today <= closes) return null;
  return (
    `contract ${period.contractId} ended on ${period.lastDay}; its calls were accepted until ${closes} ` +
    `(${LATE_CALL_DAYS} days after its end) and this one can no longer be billed by SeatLease: bill it by hand`
  );
}

/** The message for a call outside its contract's live period. */
export function outsideMessage(period: LivePeriod): string {
  return `the call is outside the live period of contract ${period.contractId} (${period.firstDay} to ${period.lastDay}, Asia/Shanghai)`;
}
