/**
 * The invoices that are not part of a monthly run: the opening invoice at signing (§6.2,
 * 押一付一) and the final invoice at termination or expiry (SPEC §6).
 */
import { addDays, monthOf, ruleBroken, type BillingFacts, type IsoDate } from '@seatlease/shared';
import { factsFor, factsPage, type FactsQuery } from '../facts/facts.client';
import { issueInvoice, type IssueResult } from './issue-invoice';
import type { Deps } from '../deps';

/** The opening invoice's period: the month of the requested opening date of the initial seats. */
export function openingPeriod(facts: BillingFacts) {
  const initial = facts.seatOrders.find((o) => o.initial);
  if (!initial) throw ruleBroken('contractId', 'the contract has no initial seat order');
  return monthOf(initial.effectiveDate);
}

export async function issueOpeningInvoice(deps: Deps, contractId: string, today: IsoDate, nowMs: number): Promise<IssueResult> {
  const facts = await factsFor(deps.contracts, contractId, nowMs);
  return issueInvoice(deps, { facts, period: openingPeriod(facts), kind: 'opening', issuedOn: today, nowMs });
}

/** The final invoice once the last day of service has passed. */
export async function issueFinalInvoice(deps: Deps, facts: BillingFacts, today: IsoDate, nowMs: number): Promise<IssueResult> {
  const lastDay = facts.termination && facts.termination.effectiveDate < facts.endDate ? facts.termination.effectiveDate : facts.endDate;
  return issueInvoice(deps, { facts, period: monthOf(lastDay), kind: 'final', issuedOn: today, nowMs });
}

/** Visits every contract the query selects, page by page. */
export async function forEachContract(deps: Deps, query: FactsQuery, nowMs: number, visit: (facts: BillingFacts) => Promise<void>): Promise<number> {
  let after: string | null = null;
  let n = 0;
  do {
    const page = await factsPage(deps.contracts, query, after, 500, nowMs);
    for (const facts of page.data) {
      await visit(facts);
      n++;
    }
    after = page.nextAfter;
  } while (after !== null);
  return n;
}

/** How far back the daily sweeps look for work a missed day left undone (a limit on everything). */
export const SWEEP_DAYS = 40;

/** Opening invoices for contracts signed lately that have none (billing was down at signing). */
export async function sweepOpeningInvoices(deps: Deps, today: IsoDate, nowMs: number): Promise<number> {
  let issued = 0;
  await forEachContract(deps, { mode: 'signed', from: addDays(today, -SWEEP_DAYS), to: today }, nowMs, async (facts) => {
    const r = await issueInvoice(deps, { facts, period: openingPeriod(facts), kind: 'opening', issuedOn: today, nowMs });
    if (r.created) issued++;
  });
  return issued;
}

/** Final invoices for contracts whose last day of service has passed. */
export async function sweepFinalInvoices(deps: Deps, today: IsoDate, nowMs: number): Promise<number> {
  let issued = 0;
  await forEachContract(deps, { mode: 'ended', from: addDays(today, -SWEEP_DAYS), to: addDays(today, -1) }, nowMs, async (facts) => {
    const r = await issueFinalInvoice(deps, facts, today, nowMs);
    if (r.created) issued++;
  });
  return issued;
}
