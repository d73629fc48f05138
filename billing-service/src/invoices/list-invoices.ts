import { emptyList, isoDate, listQuery, month, pageOf, parseListQuery, queryBoolean, today as todayOf, z } from '@seatlease/shared';
import { invoices, type InvoiceListFilter } from './invoice.repository';
import { invoiceSummaries } from './invoice-view';
import type { Caller, Deps } from '../deps';

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
