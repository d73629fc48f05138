import { addDays, ruleBroken, type IsoDate } from '@seatlease/shared';

/** §6.4: an add or return order needs at least 5 calendar days' notice before its effective date. */
const SEAT_ORDER_NOTICE_DAYS = 5;

/**
 * Refuses too little notice with a 422 that names the earliest allowed date, unless staff gave
 * a written override reason (kept in the audit log).
 */
export function checkSeatOrderNotice(field: string, effectiveDate: IsoDate, today: IsoDate, overrideReason: string | undefined): void {
  const earliest = addDays(today, SEAT_ORDER_NOTICE_DAYS);
  if (effectiveDate < earliest && !overrideReason) {
    throw ruleBroken(
      field,
      `needs ${SEAT_ORDER_NOTICE_DAYS} calendar days' notice (§6.4): the earliest allowed date is ${earliest}; staff may override with overrideReason`,
      { earliestAllowedDate: earliest },
    );
  }
}
