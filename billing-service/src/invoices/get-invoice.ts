import { invoiceDetail } from './invoice-view';
import { visibleInvoice } from './visible-invoice';
import type { Caller, Deps } from '../deps';

/** GET /v1/invoices/:id: the invoice with its lines and what is paid, credited and due. */
export async function getInvoice(deps: Deps, caller: Caller, id: string) {
  return invoiceDetail(deps.knex, await visibleInvoice(deps, caller, id));
}
