/**
 * The opening invoice at signing (§6.2, 押一付一): the deposit and the first month, outside the
 * monthly runs.
 */
import { monthOf, ruleBroken, type BillingFacts, type IsoDate } from '@seatlease/shared';
import { factsFor } from '../facts/facts.client';
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
