import { addMonths, clauseUrl, idOr404, monthOf, notFound, parseWith, today as todayOf } from '@seatlease/shared';
import { invoices } from './invoice.repository';
import { computeInvoice } from '../engine';
import { factsFor } from '../facts/facts.client';
import { usageFor } from '../usage/usage.repository';
import { creditBalance } from '../deposits/credit.repository';
import { openingPeriod } from './issue-opening-invoice';
import { dueDateFor } from './due-date';
import type { Caller, Deps } from '../deps';
import { UpcomingInvoiceQuery as upcomingQuery } from '@seatlease/shared/src/api';

/**
 * The preview of the next invoice (nothing stored): what a run would bill for the period today.
 * Without a period: the opening invoice if none was issued yet, else next month's.
 */
export async function upcomingInvoice(deps: Deps, caller: Caller, contractId: string, query: unknown) {
  const q = parseWith(upcomingQuery, query);
  const nowMs = caller.clock.nowMs();
  const today = todayOf(caller.clock);
  const facts = await factsFor(deps.contracts, idOr404(contractId, 'contract'), nowMs, caller.requestId);
  if (caller.scopeTenantId !== null && facts.tenantId !== caller.scopeTenantId) throw notFound(`contract ${contractId}`);
  const hasOpening = await invoices.hasKind(deps.knex, facts.contractId, 'opening');
  const kind = hasOpening ? 'monthly' : 'opening';
  const period = q.period ?? (hasOpening ? addMonths(monthOf(today), 1) : openingPeriod(facts));
  const computation = computeInvoice({
    facts,
    usage: await usageFor(deps.knex, facts.contractId),
    alreadyBilled: await invoices.billedLines(deps.knex, facts.contractId),
    period,
    kind,
    issuedOn: today,
    creditBalanceFen: Math.max(0, await creditBalance(deps.knex, facts.tenantId)),
  });
  const calendar = await deps.calendar.get();
  return {
    preview: true,
    contractId: facts.contractId,
    tenantId: facts.tenantId,
    period,
    kind,
    issuedOn: today,
    dueDate: dueDateFor(calendar, kind, period, today, facts),
    currency: 'CNY',
    lines: computation.lines.map((l) => ({ code: l.code, description: l.description, quantity: l.quantity, unitAmount: l.unitAmountFen, amount: l.amountFen, period: l.period, clause: l.clause, clauseUrl: clauseUrl(l.clause), formula: l.formula })),
    total: computation.totalFen,
    tax: computation.vatFen,
    taxableAmount: computation.taxableFen,
    depositAmount: computation.depositFen,
    taxBasis: 'revenue',
  };
}

