import { formatBasisPoints } from '@seatlease/shared';
import type { FapiaoRequestWithRefs } from './fapiao.repository';

/** A fapiao request as the API shows it (amounts in fen; a red request's are what it takes back). */
export function fapiaoRequestView(r: FapiaoRequestWithRefs) {
  return {
    id: r.id,
    kind: r.kind,
    status: r.status,
    reason: r.reason,
    tenantId: r.tenant_id,
    tenantName: r.tenant_name,
    invoiceId: r.invoice_id,
    invoiceNumber: r.invoice_number,
    period: r.period,
    creditNoteId: r.credit_note_id,
    creditNoteNumber: r.credit_note_number,
    currency: 'CNY',
    taxInclusive: r.tax_inclusive,
    vatRate: formatBasisPoints(r.vat_rate_bp),
    amountInclTax: r.gross_fen,
    amountExclTax: r.net_fen,
    tax: r.tax_fen,
    lines: r.lines.map((l) => ({ name: l.name, taxCode: l.taxCode, quantity: l.quantity, amountExclTax: l.netFen, tax: l.taxFen, amountInclTax: l.grossFen })),
    requestedOn: r.requested_on,
    fapiao: r.fapiao_number !== null ? { number: r.fapiao_number, issuedOn: r.issued_on } : null,
  };
}
