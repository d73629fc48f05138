/** The final invoice at termination or expiry (SPEC §6), once the last day of service has passed. */
import { addDays, monthOf, type IsoDate } from '@seatlease/shared';
import { forEachContract } from '../facts/for-each-contract';
import { issueInvoice } from './issue-invoice';
import { SWEEP_DAYS } from './sweep-days';
import type { Deps } from '../deps';

/** Final invoices for contracts whose last day of service has passed. */
export async function sweepFinalInvoices(deps: Deps, today: IsoDate, nowMs: number): Promise<number> {
  let issued = 0;
  await forEachContract(deps, { mode: 'ended', from: addDays(today, -SWEEP_DAYS), to: addDays(today, -1) }, nowMs, async (facts) => {
    const lastDay = facts.termination && facts.termination.effectiveDate < facts.endDate ? facts.termination.effectiveDate : facts.endDate;
    const r = await issueInvoice(deps, { facts, period: monthOf(lastDay), kind: 'final', issuedOn: today, nowMs });
    if (r.created) issued++;
  });
  return issued;
}
