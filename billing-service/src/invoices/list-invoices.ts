import { emptyList, pageOf, parseListQuery, today as todayOf, z } from '@seatlease/shared';
import { invoices, type InvoiceListFilter } from './invoice.repository';
import { invoiceSummaries } from './invoice-view';
import type { Caller, Deps } from '../deps';
import { invoiceFilters, InvoiceListQuery as invoiceListQuery } from '@seatlease/shared/src/api';
export { invoiceFilters };

/** The invoice list's filters (the export takes the same). */

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
