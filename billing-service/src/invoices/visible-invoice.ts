import { idOr404, notFound } from '@seatlease/shared';
import { invoices, type InvoiceRow } from './invoice.repository';
import type { Caller, Deps } from '../deps';

/** An invoice the caller may see: another tenant's is "not found" (not disclosed). */
export async function visibleInvoice(deps: Deps, caller: Caller, id: string): Promise<InvoiceRow> {
  const row = await invoices.get(deps.knex, idOr404(id, 'invoice'));
  if (!row || (caller.scopeTenantId !== null && row.tenant_id !== caller.scopeTenantId)) throw notFound(`invoice ${id}`);
  return row;
}
