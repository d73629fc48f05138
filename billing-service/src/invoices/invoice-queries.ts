import { addMonths, clauseUrl, emptyList, idOr404, isoDate, listQuery, month, monthOf, notFound, pageOf, parseListQuery, parseWith, queryBoolean, today as todayOf, z } from '@seatlease/shared';
import { invoices, type InvoiceListFilter, type InvoiceRow } from './invoice.repository';
import { invoiceDetail, invoiceSummaries } from './invoice-view';
import { invoiceDocument } from '../documents/invoice-document';
import { renderInvoicePdf } from '../documents/invoice-pdf';
import { computeInvoice } from '../engine';
import { factsFor } from '../facts/facts.client';
import { usageFor } from '../usage/usage.repository';
import { creditBalance } from '../deposits/credit.repository';
import { openingPeriod } from './lifecycle-invoices';
import { dueDateFor } from './due-date';
import type { Caller, Deps } from '../deps';

/** An invoice the caller may see: another tenant's is "not found" (not disclosed). */
export async function visibleInvoice(deps: Deps, caller: Caller, id: string): Promise<InvoiceRow> {
  const row = await invoices.get(deps.knex, idOr404(id, 'invoice'));
  if (!row || (caller.scopeTenantId !== null && row.tenant_id !== caller.scopeTenantId)) throw notFound(`invoice ${id}`);
  return row;
}

/** The invoice list's filters (the export takes the same). */
export const invoiceFilters = {
  tenantId: z.string().uuid({ message: 'must be a tenant id (UUID)' }).optional(),
  contractId: z.string().uuid({ message: 'must be a contract id (UUID)' }).optional(),
  number: z.string().max(40).optional(),
  period: month().optional(),
  periodFrom: month().optional(),
  periodTo: month().optional(),
  dueBefore: isoDate().optional(),
  status: z.enum(['open', 'paid', 'void'], { message: 'must be open, paid or void' }).optional(),
  overdue: queryBoolean().optional(),
};

export const invoiceListQuery = listQuery(invoiceFilters);

/** The SQL filter a caller's query means (a tenant_finance caller is confined to its tenant); null = nothing can match. */
export function invoiceFilterOf(caller: Caller, q: { [K in keyof typeof invoiceFilters]?: z.infer<(typeof invoiceFilters)[K]> }): InvoiceListFilter | null {
  if (caller.scopeTenantId && q.tenantId && q.tenantId !== caller.scopeTenantId) return null;
  const today = todayOf(caller.clock);
  return {
    tenantId: caller.scopeTenantId ?? q.tenantId,
    contractId: q.contractId,
    number: q.number,
    period: q.period,
    periodFrom: q.periodFrom,
    periodTo: q.periodTo,
    dueBefore: q.dueBefore,
    status: q.status,
    overdueOn: q.overdue === true ? today : undefined,
    notOverdueOn: q.overdue === false ? today : undefined,
  };
}

/**
 * GET /v1/invoices: newest first, every filter applied in SQL before the limit (a status filter
 * included: "what is open?" is answered over all bills, not the first page's).
 */
export async function listInvoices(deps: Deps, caller: Caller, query: unknown) {
  const q = parseListQuery(invoiceListQuery, query);
  const filter = invoiceFilterOf(caller, q);
  if (!filter) return emptyList();
  return pageOf(await invoices.page(deps.knex, filter, q), (rows) => invoiceSummaries(deps.knex, rows));
}

export async function getInvoice(deps: Deps, caller: Caller, id: string) {
  return invoiceDetail(deps.knex, await visibleInvoice(deps, caller, id));
}

export async function invoicePdf(deps: Deps, caller: Caller, id: string): Promise<{ filename: string; pdf: Buffer }> {
  const row = await visibleInvoice(deps, caller, id);
  return { filename: `${row.number}.pdf`, pdf: await renderInvoicePdf(await invoiceDocument(deps.knex, deps.config, row, deps.billParties)) };
}

const upcomingQuery = z.object({ period: month().optional() });

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
  const hasOpening = await deps.knex('invoices').where({ contract_id: facts.contractId, kind: 'opening' }).first();
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

