/** Bills (账单 / 付款通知书, called invoices in the API), their preview, exports and credit notes. */
import { z } from 'zod';
import { LINE_CODES } from '../billing-facts';
import { listQuery, queryBoolean } from '../list-page';
import { isoDate, month, text } from '../validation';
import { CalendarDate, component, Currency, Fen, Month, page, Uuid } from './common';

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
export const InvoiceListQuery = listQuery(invoiceFilters);
export const UpcomingInvoiceQuery = z.object({ period: month().optional() });

/** The file formats and header language of every finance export. */
export const exportParams = {
  format: z.enum(['csv', 'xlsx'], { message: 'must be csv or xlsx' }).default('csv'),
  lang: z.enum(['zh', 'en'], { message: 'must be zh or en' }).default('zh'),
};
export const InvoiceExportQuery = z.object({ ...invoiceFilters, ...exportParams, lines: z.enum(['0', '1'], { message: 'must be 0 or 1' }).default('0') });

export const InvoiceLine = component(
  'InvoiceLine',
  z.object({
    code: z.enum(LINE_CODES),
    description: z.string().meta({ description: 'Chinese first, English second' }),
    quantity: z.union([z.number(), z.string()]),
    unitAmount: Fen,
    amount: Fen,
    period: z.string().optional(),
    clause: z.string().meta({ description: 'the contract clause, e.g. §6.5' }),
    formula: z.string().nullable().meta({ description: 'for computed lines, e.g. `2 坐席 × ¥2,000.00 × 3 天 / 30`' }).optional(),
    clauseUrl: z.string().nullable().meta({ description: 'where the clause is explained (/docs/clauses#…)' }).optional(),
  }),
);

export const Invoice = component(
  'Invoice',
  z.object({
    id: Uuid,
    number: z.string().meta({ description: 'INV-2027-000001' }),
    contractId: Uuid,
    tenantId: Uuid,
    period: Month,
    kind: z.enum(['opening', 'monthly', 'final', 'supplementary']),
    issuedOn: CalendarDate,
    dueDate: CalendarDate,
    currency: Currency,
    lines: z.array(InvoiceLine),
    total: Fen,
    tax: Fen.meta({ description: 'the VAT part of the taxable amount (SPEC §2: revenue only); as issued on bills of taxBasis whole_total' }),
    taxableAmount: Fen.meta({ description: 'the sum of the taxable lines, VAT included (everything but deposit lines and credit carried)' }).optional(),
    depositAmount: Fen.meta({ description: 'the sum of the deposit lines: money held, no VAT' }).optional(),
    taxBasis: z.enum(['revenue', 'whole_total']).meta({ description: 'whole_total: issued before the 2026-12-06 correction, with VAT on the whole total (decision 0016)' }).optional(),
    taxCorrection: z
      .object({ tax: Fen.optional(), difference: Fen.optional() })
      .nullable()
      .meta({ description: 'bills of taxBasis whole_total only: the VAT on revenue alone (what the fapiao carries) and how far the issued tax was above it' })
      .optional(),
    amountPaid: Fen,
    amountCredited: Fen.meta({ description: 'credit notes against it' }).optional(),
    amountDue: Fen,
    status: z.enum(['open', 'paid', 'void']),
    tenantName: z.string().optional(),
    vatRate: z.number().meta({ description: 'VAT rate as a fraction, e.g. 0.06' }).optional(),
    warnings: z.array(z.string()).meta({ description: 'what the bill could not settle by itself, for a person to look at' }).optional(),
  }),
);
/** A bill in a list: everything but its lines (read the bill for them). */
export const InvoiceSummary = component('InvoiceSummary', Invoice.omit({ lines: true }).extend({ lines: z.array(InvoiceLine).optional() }));
export const InvoiceList = page('InvoiceList', InvoiceSummary);

export const InvoicePreview = component(
  'InvoicePreview',
  z
    .object({
      preview: z.literal(true).optional(),
      contractId: Uuid.optional(),
      tenantId: Uuid.optional(),
      period: Month.optional(),
      kind: z.enum(['opening', 'monthly', 'final', 'supplementary']).optional(),
      issuedOn: CalendarDate.optional(),
      dueDate: CalendarDate.optional(),
      currency: Currency.optional(),
      lines: z.array(InvoiceLine).optional(),
      total: Fen.optional(),
      tax: Fen.optional(),
      taxableAmount: Fen.optional(),
      depositAmount: Fen.optional(),
      taxBasis: z.enum(['revenue', 'whole_total']).optional(),
    })
    .meta({ description: 'a bill as it would be issued; nothing is stored' }),
);

export const CreditNoteCreate = component(
  'CreditNoteCreate',
  z
    .object({
      amount: z
        .number({ message: 'must be an integer number of fen' })
        .int({ message: 'must be an integer number of fen (no decimals)' })
        .positive({ message: 'must be more than 0' })
        .max(1_000_000_000_000, { message: 'is out of range' })
        .meta({ description: 'positive; at most the invoice’s remaining amount' }),
      reason: text(500),
    })
    .strict(),
);
export const CreditNoteListQuery = listQuery({
  tenantId: z.string().uuid({ message: 'must be a tenant id (UUID)' }).optional(),
  invoiceId: z.string().uuid({ message: 'must be an invoice id (UUID)' }).optional(),
  issuedFrom: isoDate().optional(),
  issuedTo: isoDate().optional(),
});
export const CreditNote = component(
  'CreditNote',
  z.object({
    id: Uuid,
    number: z.string().meta({ description: 'CN-2027-000001' }),
    amount: Fen,
    taxableAmount: Fen.meta({ description: 'the part that reverses taxable revenue, pro rata to the invoice (decision 0016)' }).optional(),
    tax: Fen.meta({ description: 'its VAT' }).optional(),
    invoiceId: Uuid.optional(),
    tenantId: Uuid.optional(),
    currency: Currency.optional(),
    reason: z.string().optional(),
    issuedOn: CalendarDate.optional(),
  }),
);
export const CreditNoteList = page('CreditNoteList', CreditNote);
