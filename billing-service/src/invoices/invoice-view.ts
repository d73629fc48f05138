import { clauseUrl, formatBasisPoints, type Fen, type LineCode } from '@seatlease/shared';
import { taxSplit } from '../engine';
import { invoices, lineTotalsByCode, settlementOf, toLine, type Db, type InvoiceRow, type LineRow } from './invoice.repository';

export type InvoiceStatus = 'open' | 'paid' | 'void';

export interface InvoiceAmounts {
  totalFen: Fen;
  paidFen: Fen;
  creditedFen: Fen;
  dueFen: Fen;
  status: InvoiceStatus;
}

/** Paid and credited amounts are derived (allocations, credit notes); the invoice never changes. */
export function amountsOf(row: InvoiceRow, s: { paidFen: Fen; creditedFen: Fen }): InvoiceAmounts {
  const dueFen = row.total_fen - s.paidFen - s.creditedFen;
  const status: InvoiceStatus = s.creditedFen >= row.total_fen && row.total_fen > 0 ? 'void' : dueFen <= 0 ? 'paid' : 'open';
  return { totalFen: row.total_fen, paidFen: s.paidFen, creditedFen: s.creditedFen, dueFen: Math.max(0, dueFen), status };
}

/**
 * How the invoice's total divides for booking (SPEC §2): the taxable base and its VAT, the
 * deposit part. Invoices issued before the correction stored the tax they were issued with,
 * which stays as issued; their split is derived from their immutable lines, and the tax the
 * corrected rule gives is shown beside it (docs/decisions/0016-vat-on-revenue-and-old-bills.md).
 */
export interface TaxView {
  taxBasis: InvoiceRow['tax_basis'];
  taxableAmount: Fen;
  depositAmount: Fen;
  /** Issued under the old rule only: the VAT on revenue alone and how far the issued tax was over it. */
  taxCorrection: { tax: Fen; difference: Fen } | null;
}

export function taxViewOf(row: InvoiceRow, lines: ReadonlyArray<{ code: LineCode; amountFen: Fen }> | undefined): TaxView {
  if (row.tax_basis === 'revenue' && row.taxable_fen !== null && row.deposit_fen !== null) {
    return { taxBasis: 'revenue', taxableAmount: row.taxable_fen, depositAmount: row.deposit_fen, taxCorrection: null };
  }
  const split = taxSplit(lines ?? [], row.vat_rate_bp);
  return {
    taxBasis: row.tax_basis,
    taxableAmount: split.taxableFen,
    depositAmount: split.depositFen,
    taxCorrection: row.tax_basis === 'whole_total' ? { tax: split.vatFen, difference: row.tax_fen - split.vatFen } : null,
  };
}

/** The API's invoice summary (no lines). */
function invoiceSummary(row: InvoiceRow, a: InvoiceAmounts, tax: TaxView) {
  return {
    id: row.id,
    number: row.number,
    contractId: row.contract_id,
    tenantId: row.tenant_id,
    tenantName: row.tenant_name,
    period: row.period,
    kind: row.kind,
    issuedOn: row.issued_on,
    dueDate: row.due_date,
    currency: row.currency,
    total: a.totalFen,
    tax: row.tax_fen,
    vatRate: formatBasisPoints(row.vat_rate_bp),
    taxBasis: tax.taxBasis,
    taxableAmount: tax.taxableAmount,
    depositAmount: tax.depositAmount,
    taxCorrection: tax.taxCorrection,
    amountPaid: a.paidFen,
    amountCredited: a.creditedFen,
    amountDue: a.dueFen,
    status: a.status,
    warnings: row.warnings,
  };
}

function lineView(r: LineRow) {
  const l = toLine(r);
  return {
    code: l.code,
    description: l.description,
    quantity: l.quantity,
    unitAmount: l.unitAmountFen,
    amount: l.amountFen,
    period: l.period,
    clause: l.clause,
    clauseUrl: clauseUrl(l.clause),
    formula: l.formula,
  };
}

/** GET /v1/invoices/:id — the whole invoice, lines included. */
export async function invoiceDetail(db: Db, row: InvoiceRow) {
  const lines = await invoices.linesOf(db, row.id);
  const s = (await settlementOf(db, [row.id])).get(row.id)!;
  return { ...invoiceSummary(row, amountsOf(row, s), taxViewOf(row, lines.map(toLine))), lines: lines.map(lineView) };
}

/** Summaries of many invoices with their derived amounts, in one round trip per table. */
export async function invoiceSummaries(db: Db, rows: InvoiceRow[]) {
  const s = await settlementOf(db, rows.map((r) => r.id));
  // Only invoices issued before the VAT correction need their lines read for the split.
  const old = await lineTotalsByCode(db, rows.filter((r) => r.taxable_fen === null).map((r) => r.id));
  return rows.map((r) => invoiceSummary(r, amountsOf(r, s.get(r.id)!), taxViewOf(r, old.get(r.id))));
}
