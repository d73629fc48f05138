import { addDays, type IsoDate } from '@seatlease/shared';
import { forEachContract } from '../facts/for-each-contract';
import { issueInvoice } from './issue-invoice';
import { openingPeriod } from './issue-opening-invoice';
import { SWEEP_DAYS } from './sweep-days';
import type { Deps } from '../deps';

/** Opening invoices for contracts signed lately that have none (billing was down at signing). */
export async function sweepOpeningInvoices(deps: Deps, today: IsoDate, nowMs: number): Promise<number> {
  let issued = 0;
  await forEachContract(deps, { mode: 'signed', from: addDays(today, -SWEEP_DAYS), to: today }, nowMs, async (facts) => {
    const r = await issueInvoice(deps, { facts, period: openingPeriod(facts), kind: 'opening', issuedOn: today, nowMs });
    if (r.created) issued++;
  });
  return issued;
}
