import { formatBasisPoints, type Fen, type IsoDate } from '@seatlease/shared';
import { invoices, settlementOf, toLine, type Db, type InvoiceRow, type LineRow } from './invoice.repository';

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

export function isOverdue(row: InvoiceRow, a: InvoiceAmounts, today: IsoDate): boolean {
  return a.status === 'open' && row.due_date < today;
}

/** The API's invoice summary (no lines). */
export function invoiceSummary(row: InvoiceRow, a: InvoiceAmounts) {
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
    amountPaid: a.paidFen,
    amountCredited: a.creditedFen,
    amountDue: a.dueFen,
    status: a.status,
    warnings: row.warnings,
  };
}

export function lineView(r: LineRow) {
  const l = toLine(r);
  return {
    code: l.code,
    description: l.description,
    quantity: l.quantity,
    unitAmount: l.unitAmountFen,
    amount: l.amountFen,
    period: l.period,
    clause: l.clause,
    formula: l.formula,
  };
}

/** GET /v1/invoices/:id — the whole invoice, lines included. */
export async function invoiceDetail(db: Db, row: InvoiceRow) {
  const lines = await invoices.linesOf(db, row.id);
  const s = (await settlementOf(db, [row.id])).get(row.id)!;
  return { ...invoiceSummary(row, amountsOf(row, s)), lines: lines.map(lineView) };
}

/** Summaries of many invoices with their derived amounts, in one round trip per table. */
export async function invoiceSummaries(db: Db, rows: InvoiceRow[]) {
  const s = await settlementOf(db, rows.map((r) => r.id));
  return rows.map((r) => invoiceSummary(r, amountsOf(r, s.get(r.id)!)));
}
