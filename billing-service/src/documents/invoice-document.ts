/** Builds the printable document of an issued invoice or credit note from its stored rows. */
import type { Config } from '@seatlease/shared';
import { trafficSnapshots } from '../traffic/traffic.repository';
import { renderTrafficReportPdf } from '../traffic/traffic-report-pdf';
import type { TrafficReport } from '../traffic/traffic-report';
import { invoices, toLine, type Db, type InvoiceRow } from '../invoices/invoice.repository';
import type { InvoiceLine } from '@seatlease/shared';
import { renderInvoicePdf, type InvoiceDocument, type PartyA } from './invoice-pdf';
import { taxSplit, vatPart } from '../engine';
import { taxViewOf } from '../invoices/invoice-view';
import { formatYuan } from '@seatlease/shared';
import type { BillPartiesPort } from '../facts/facts.client';
import { fapiaoRequests } from '../fapiao/fapiao.repository';
import { creditNotes } from '../credit-notes/credit-note.repository';

function partyAFrom(config: Config): PartyA {
  return {
    name: config.SEATLEASE_PARTY_A_NAME,
    address: config.SEATLEASE_PARTY_A_ADDRESS,
    taxId: config.SEATLEASE_PARTY_A_TAX_ID,
    bankName: config.SEATLEASE_PARTY_A_BANK_NAME,
    bankAccount: config.SEATLEASE_PARTY_A_BANK_ACCOUNT,
  };
}

export async function invoiceDocument(db: Db, config: Config, row: InvoiceRow, parties: BillPartiesPort): Promise<InvoiceDocument> {
  const lines = (await invoices.linesOf(db, row.id)).map(toLine);
  const known = await parties([row.tenant_id], [row.contract_id]);
  const profile = known.profiles.get(row.tenant_id) ?? null;
  return {
    kind: 'invoice',
    number: row.number,
    invoiceKind: row.kind,
    period: row.period,
    issuedOn: row.issued_on,
    dueDate: row.due_date,
    contractId: row.contract_id,
    contractNumber: known.contractNumbers.get(row.contract_id) ?? null,
    partyA: partyAFrom(config),
    tenant: { name: row.tenant_name, billingEmails: row.billing_emails, invoicingProfile: profile },
    lines,
    totalFen: row.total_fen,
    taxFen: row.tax_fen,
    vatRateBp: row.vat_rate_bp,
    ...splitParts(row, lines),
    warnings: [...row.warnings, ...oldTaxNote(row, lines)],
    fapiao: issuedFapiao((await fapiaoRequests.ofInvoices(db, [row.id])).find((r) => r.kind === 'blue')),
  };
}

/** The fapiao a document prints as issued, once finance recorded it. */
function issuedFapiao(r: { status: string; fapiao_number: string | null; issued_on: string | null } | undefined) {
  if (r?.status === 'not_required') return 'not_required' as const;
  return r?.fapiao_number && r.issued_on ? { number: r.fapiao_number, issuedOn: r.issued_on } : null;
}

/** The taxable, deposit and carried parts of an invoice (SPEC §2), as printed. */
function splitParts(row: InvoiceRow, lines: InvoiceLine[]) {
  const split = taxSplit(lines, row.vat_rate_bp);
  return { taxableFen: split.taxableFen, depositFen: split.depositFen, creditCarriedFen: split.creditCarriedFen };
}

/**
 * An invoice issued before the VAT correction keeps the tax it was issued with (decision 0016);
 * its PDF says so, and gives the VAT on its revenue alone, which its fapiao uses.
 */
function oldTaxNote(row: InvoiceRow, lines: InvoiceLine[]): string[] {
  const c = taxViewOf(row, lines).taxCorrection;
  if (c === null) return [];
  return [
    `本单增值税按 2026-12-06 更正前的规则就价税合计（含押金）计算，金额不变；按收入计税（押金不征增值税）应为 ${formatYuan(c.tax)}，开具发票以此为准。` +
      ` / The VAT on this bill was computed before the 2026-12-06 correction, on the whole total including the deposit; the amount due is unchanged. On revenue only (the deposit carries no VAT) it is ${formatYuan(c.tax)}, which the fapiao uses.`,
  ];
}

async function creditNoteDocument(db: Db, config: Config, creditNoteId: string, parties: BillPartiesPort): Promise<InvoiceDocument | null> {
  const cn = await creditNotes.get(db, creditNoteId);
  if (!cn) return null;
  const inv = (await invoices.get(db, cn.invoice_id))!;
  const amount = -cn.amount_fen;
  // Notes issued before the correction stored no split: their tax was the whole amount's, as printed then.
  const stored = cn.tax_fen !== null && cn.tax_fen !== undefined;
  const taxableFen = stored ? -Number(cn.taxable_fen) : amount;
  const taxFen = stored ? -Number(cn.tax_fen) : vatPart(amount, inv.vat_rate_bp);
  const known = await parties([inv.tenant_id], [inv.contract_id]);
  const profile = known.profiles.get(inv.tenant_id) ?? null;
  return {
    kind: 'credit_note',
    number: cn.number,
    period: inv.period,
    issuedOn: cn.issued_on,
    dueDate: null,
    contractId: inv.contract_id,
    contractNumber: known.contractNumbers.get(inv.contract_id) ?? null,
    partyA: partyAFrom(config),
    tenant: { name: inv.tenant_name, billingEmails: inv.billing_emails, invoicingProfile: profile },
    lines: [],
    totalFen: amount,
    taxFen,
    vatRateBp: inv.vat_rate_bp,
    ...(stored ? { taxableFen, depositFen: amount - taxableFen } : {}),
    creditedInvoiceNumber: inv.number,
    reason: cn.reason as string,
    fapiao: issuedFapiao((await fapiaoRequests.ofInvoices(db, [inv.id])).find((r) => r.credit_note_id === creditNoteId)),
  };
}

/** The PDF attached to an outbox mail, if it names an invoice or a credit note. */
export async function renderMailAttachment(
  db: Db,
  config: Config,
  row: { invoice_id: string | null; credit_note_id: string | null; kind?: string; notice_key?: string | null },
  parties: BillPartiesPort,
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
    return { filename: `${inv.number}.pdf`, content: await renderInvoicePdf(await invoiceDocument(db, config, inv, parties)) };
  }
  if (row.credit_note_id) {
    const doc = await creditNoteDocument(db, config, row.credit_note_id, parties);
    return doc ? { filename: `${doc.number}.pdf`, content: await renderInvoicePdf(doc) } : null;
  }
  return null;
}
