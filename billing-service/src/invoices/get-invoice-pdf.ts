import { invoiceDocument } from '../documents/invoice-document';
import { renderInvoicePdf } from '../documents/invoice-pdf';
import { visibleInvoice } from './visible-invoice';
import type { Caller, Deps } from '../deps';

/** GET /v1/invoices/:id/pdf: the invoice as its PDF, named by its number. */
export async function invoicePdf(deps: Deps, caller: Caller, id: string): Promise<{ filename: string; pdf: Buffer }> {
  const row = await visibleInvoice(deps, caller, id);
  return { filename: `${row.number}.pdf`, pdf: await renderInvoicePdf(await invoiceDocument(deps.knex, deps.config, row, deps.billParties)) };
}
