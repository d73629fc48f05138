import { firstDayOfMonth, maxDate, type InvoiceKind, type IsoDate, type Month, type WorkingDayCalendar, type BillingFacts } from '@seatlease/shared';

/** §6.2: fees are paid in full within the 3 working days before service (开通前三个工作日内). */
const WORKING_DAYS_BEFORE_SERVICE = 3;
/** Our choice for final invoices (SPEC is silent): 3 working days after issue, like §8.X3's 3 days. */
const FINAL_INVOICE_WORKING_DAYS = 3;

/**
 * The due date (SPEC §4): an opening invoice is due 3 working days before the requested opening
 * date, a monthly invoice 3 working days before the 1st of its month, a final invoice 3 working
 * days after issue, and so is a supplementary one (decision 0042). A due date is never before the issue date.
 */
export function dueDateFor(calendar: WorkingDayCalendar, kind: InvoiceKind, period: Month, issuedOn: IsoDate, facts: BillingFacts): IsoDate {
  if (kind === 'final' || kind === 'supplementary') return calendar.workdaysAfter(issuedOn, FINAL_INVOICE_WORKING_DAYS);
  const serviceStarts =
    kind === 'opening'
      ? (facts.seatOrders.find((o) => o.initial)?.effectiveDate ?? firstDayOfMonth(period))
      : firstDayOfMonth(period);
  return maxDate(calendar.workdaysBefore(serviceStarts, WORKING_DAYS_BEFORE_SERVICE), issuedOn);
}
