import { addDays, type IsoDate } from '@seatlease/shared';
import { factsPage } from '../facts/facts.client';
import { invoices } from './invoice.repository';
import { issueInvoice } from './issue-invoice';
import { openingPeriod } from './issue-opening-invoice';
import type { Deps } from '../deps';

/**
 * Issue 18: opening invoices for contracts signed today or yesterday that have none — signed
 * while billing was down or killed between the contract's commit and its opening invoice. Run at
 * every scheduler tick, so no signed contract waits longer than one tick for its opening bill
 * (the daily sweep still looks back SWEEP_DAYS). Only the missing ones are issued: one page of
 * today's signings and one query per tick when nothing is missing.
 */
export async function sweepRecentOpeningInvoices(deps: Deps, today: IsoDate, nowMs: number): Promise<number> {
  let issued = 0;
  let after: string | null = null;
  do {
    const page = await factsPage(deps.contracts, { mode: 'signed', from: addDays(today, -1), to: today }, after, 500, nowMs);
    const billed = await invoices.contractsWithKind(deps.knex, page.data.map((f) => f.contractId), 'opening');
    for (const facts of page.data) {
      if (billed.has(facts.contractId)) continue;
      const r = await issueInvoice(deps, { facts, period: openingPeriod(facts), kind: 'opening', issuedOn: today, nowMs });
      if (r.created) issued++;
    }
    after = page.nextAfter;
  } while (after !== null);
  return issued;
}
