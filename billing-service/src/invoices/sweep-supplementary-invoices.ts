import { addDays, monthOf, type IsoDate } from '@seatlease/shared';
import { forEachContract } from '../facts/for-each-contract';
import { LATE_CALL_DAYS } from '../usage/live-period';
import { invoices } from './invoice.repository';
import { issueInvoice } from './issue-invoice';
import { SWEEP_DAYS } from './sweep-days';
import type { Deps } from '../deps';

/**
 * Supplementary invoices (decision 0042): calls imported after a contract's final invoice. For
 * every contract ended within the late-call window (and the sweep's look-back) that has its final
 * invoice, the engine bills what its calls still owe — nothing else is owed any more — on an
 * invoice of kind `supplementary` for this month: its own INV number, its mail. Nothing owed, no
 * invoice. A second batch of late calls in the same month waits for next month's sweep.
 */
export async function sweepSupplementaryInvoices(deps: Deps, today: IsoDate, nowMs: number): Promise<number> {
  let issued = 0;
  await forEachContract(deps, { mode: 'ended', from: addDays(today, -(LATE_CALL_DAYS + SWEEP_DAYS)), to: addDays(today, -1) }, nowMs, async (facts) => {
    if (!(await invoices.hasKind(deps.knex, facts.contractId, 'final'))) return;
    const r = await issueInvoice(deps, { facts, period: monthOf(today), kind: 'supplementary', issuedOn: today, nowMs });
    if (r.created) issued++;
  });
  return issued;
}
