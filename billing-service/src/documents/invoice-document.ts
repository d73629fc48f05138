/** Builds the printable document of an issued invoice or credit note from its stored rows. */
import type { Config } from '@seatlease/shared';
import { trafficSnapshots } from '../traffic/traffic.repository';
import { renderTrafficReportPdf } from '../traffic/traffic-report-pdf';
import type { TrafficReport } from '../traffic/traffic-report';
import { invoices, toLine, type Db, type InvoiceRow } from '../invoices/invoice.repository';
import { renderInvoicePdf, type InvoiceDocument, type PartyA } from './invoice-pdf';
import { vatPart } from '../engine';

export function partyAFrom(config: Config): PartyA {
  return {
    name: config.SEATLEASE_PARTY_A_NAME,
    address: config.SEATLEASE_PARTY_A_ADDRESS,
    taxId: config.SEATLEASE_PARTY_A_TAX_ID,
    bankName: config.SEATLEASE_PARTY_A_BANK_NAME,
    bankAccount: config.SEATLEASE_PARTY_A_BANK_ACCOUNT,
  };
}

export async function invoiceDocument(db: Db, config: Config, row: InvoiceRow): Promise<InvoiceDocument> {
  const lines = (await invoices.linesOf(db, row.id)).map(toLine);
  return {
    kind: 'invoice',
    number: row.number,
    invoiceKind: row.kind,
    period: row.period,
    issuedOn: row.issued_on,
    dueDate: row.due_date,
    contractId: row.contract_id,
    partyA: partyAFrom(config),
    tenant: { name: row.tenant_name, billingEmails: row.billing_emails },
    lines,
    totalFen: row.total_fen,
    taxFen: row.tax_fen,
    vatRateBp: row.vat_rate_bp,
    warnings: row.warnings,
  };
}

export async function creditNoteDocument(db: Db, config: Config, creditNoteId: string): Promise<InvoiceDocument | null> {
  const cn = await db('credit_notes').where({ id: creditNoteId }).first();
  if (!cn) return null;
  const inv = (await invoices.get(db, cn.invoice_id as string))!;
  const amount = -(cn.amount_fen as number);
  return {
    kind: 'credit_note',
    number: cn.number as string,
    period: inv.period,
    issuedOn: cn.issued_on as string,
    dueDate: null,
    contractId: inv.contract_id,
    partyA: partyAFrom(config),
    tenant: { name: inv.tenant_name, billingEmails: inv.billing_emails },
    lines: [],
    totalFen: amount,
    taxFen: vatPart(amount, inv.vat_rate_bp),
    vatRateBp: inv.vat_rate_bp,
    creditedInvoiceNumber: inv.number,
    reason: cn.reason as string,
  };
}

/** The PDF attached to an outbox mail, if it names an invoice or a credit note. */
export async function renderMailAttachment(
  db: Db,
  config: Config,
  row: { invoice_id: string | null; credit_note_id: string | null; kind?: string; notice_key?: string | null },
): Promise<{ filename: string; content: Buffer } | null> {
  if (row.kind === 'traffic_report' && row.notice_key) {
    // The report as it was when the mail was queued (its snapshot), not as it reads today.
    const snap = await trafficSnapshots.byNoticeKey(db, row.notice_key);
    if (!snap) return null;
    return { filename: `traffic-${snap.contract_id}-${snap.period}.pdf`, content: await renderTrafficReportPdf(snap.report as TrafficReport, config.SEATLEASE_PARTY_A_NAME) };
  }
  if (row.invoice_id) {
    const inv = await invoices.get(db, row.invoice_id);
    if (!inv) return null;
    return { filename: `${inv.number}.pdf`, content: await renderInvoicePdf(await invoiceDocument(db, config, inv)) };
  }
  if (row.credit_note_id) {
    const doc = await creditNoteDocument(db, config, row.credit_note_id);
    return doc ? { filename: `${doc.number}.pdf`, content: await renderInvoicePdf(doc) } : null;
  }
  return null;
}
