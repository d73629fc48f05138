/**
 * The opening invoice at signing (§6.2, 押一付一): the deposit and the first month, outside the
 * monthly runs.
 */
import { monthOf, notFound, ruleBroken, today as todayOf, type BillingFacts } from '@seatlease/shared';
import { factsFor } from '../facts/facts.client';
import { issueInvoice } from './issue-invoice';
import { invoiceDetail } from './invoice-view';
import type { Caller, Deps } from '../deps';

type InvoiceDetail = Awaited<ReturnType<typeof invoiceDetail>>;

/** The opening invoice's period: the month of the requested opening date of the initial seats. */
export function openingPeriod(facts: BillingFacts) {
  const initial = facts.seatOrders.find((o) => o.initial);
  if (!initial) throw ruleBroken('contractId', 'the contract has no initial seat order');
  return monthOf(initial.effectiveDate);
}

/**
 * POST /internal/invoices/opening (asked by the gateway with a signing's answer, decision 0062,
 * and by the test clock): issues the contract's opening invoice, or answers the one issued before.
 */
export async function issueOpeningInvoice(deps: Deps, caller: Caller, contractId: string): Promise<{ created: boolean; invoice: InvoiceDetail }> {
  const today = todayOf(caller.clock);
  const nowMs = caller.clock.nowMs();
  const facts = await factsFor(deps.contracts, contractId, nowMs);
  const result = await issueInvoice(deps, { facts, period: openingPeriod(facts), kind: 'opening', issuedOn: today, nowMs });
  if (!result.invoice) throw notFound('opening invoice');
  return { created: result.created, invoice: await invoiceDetail(deps.knex, result.invoice) };
}
