import { addMonths, idOr404, month, monthOf, notFound, parseWith, today as todayOf, z } from '@seatlease/shared';
import { invoices, type InvoiceRow } from './invoice.repository';
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

const listQuery = z.object({
  tenantId: z.string().uuid({ message: 'must be a tenant id (UUID)' }).optional(),
  contractId: z.string().uuid({ message: 'must be a contract id (UUID)' }).optional(),
  period: month().optional(),
  status: z.enum(['open', 'paid', 'void']).optional(),
  limit: z.coerce.number().int().min(1, { message: 'must be at least 1' }).max(500, { message: 'must be at most 500' }).default(100),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export async function listInvoices(deps: Deps, caller: Caller, query: unknown) {
  const q = parseWith(listQuery, query);
  if (caller.scopeTenantId && q.tenantId && q.tenantId !== caller.scopeTenantId) return { data: [] };
  const b = deps.knex<InvoiceRow>('invoices').orderBy([{ column: 'issued_on' }, { column: 'number' }]).limit(q.limit).offset(q.offset);
  const tenantId = caller.scopeTenantId ?? q.tenantId;
  if (tenantId) b.where({ tenant_id: tenantId });
  if (q.contractId) b.where({ contract_id: q.contractId });
  if (q.period) b.where({ period: q.period });
  const rows = (await b) as InvoiceRow[];
  const data = await invoiceSummaries(deps.knex, rows);
  return { data: q.status ? data.filter((d) => d.status === q.status) : data };
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
    lines: computation.lines.map((l) => ({ code: l.code, description: l.description, quantity: l.quantity, unitAmount: l.unitAmountFen, amount: l.amountFen, period: l.period, clause: l.clause, formula: l.formula })),
    total: computation.totalFen,
    tax: computation.vatFen,
    taxableAmount: computation.taxableFen,
    depositAmount: computation.depositFen,
    taxBasis: 'revenue',
  };
}

