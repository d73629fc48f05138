/**
 * The invoices that are not part of a monthly run: the opening invoice at signing (§6.2,
 * 押一付一) and the final invoice at termination or expiry (SPEC §6).
 */
import { addDays, monthOf, ruleBroken, type BillingFacts, type IsoDate } from '@seatlease/shared';
import { factsFor, factsPage, type FactsQuery } from '../facts/facts.client';
import { issueInvoice, type IssueResult } from './issue-invoice';
import { LATE_CALL_DAYS } from '../usage/live-period';
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

/**
 * Issue 18: opening invoices for contracts signed today or yesterday that have none — signed
 * while billing was down or killed between the contract's commit and its opening invoice. Run at
 * every scheduler tick, so no signed contract waits longer than one tick for its opening bill
 * (the daily sweep above still looks back SWEEP_DAYS). Only the missing ones are issued: one
 * page of today's signings and one query per tick when nothing is missing.
 */
export async function sweepRecentOpeningInvoices(deps: Deps, today: IsoDate, nowMs: number): Promise<number> {
  let issued = 0;
  let after: string | null = null;
  do {
    const page = await factsPage(deps.contracts, { mode: 'signed', from: addDays(today, -1), to: today }, after, 500, nowMs);
    const ids = page.data.map((f) => f.contractId);
    const billed = new Set(
      ids.length ? ((await deps.knex('invoices').where({ kind: 'opening' }).whereIn('contract_id', ids).pluck('contract_id')) as string[]) : [],
    );
    for (const facts of page.data) {
      if (billed.has(facts.contractId)) continue;
      const r = await issueInvoice(deps, { facts, period: openingPeriod(facts), kind: 'opening', issuedOn: today, nowMs });
      if (r.created) issued++;
    }
    after = page.nextAfter;
  } while (after !== null);
  return issued;
}


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
    const final = await deps.knex('invoices').where({ contract_id: facts.contractId, kind: 'final' }).first('id');
    if (!final) return;
    const r = await issueInvoice(deps, { facts, period: monthOf(today), kind: 'supplementary', issuedOn: today, nowMs });
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
