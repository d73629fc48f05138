/** Fapiao requests: blue for paid bills, 红字 for credit notes; the tax platform's batch export. */
import { z } from 'zod';
import { listQuery } from '../list-page';
import { isoDate, uuid } from '../validation';
import { CalendarDate, component, Currency, Fen, Month, Uuid } from './common';

export const FAPIAO_REQUEST_STATUSES = ['pending', 'issued', 'not_required'] as const;
export const MAX_FAPIAO_BATCH = 500;

export const FapiaoRequestListQuery = listQuery({
  status: z.enum(FAPIAO_REQUEST_STATUSES, { message: `must be one of ${FAPIAO_REQUEST_STATUSES.join(', ')}` }).optional(),
  kind: z.enum(['blue', 'red'], { message: 'must be blue or red' }).optional(),
  tenantId: uuid().optional(),
});
export const FapiaoExportQuery = z
  .object({
    format: z.enum(['xlsx', 'csv'], { message: 'must be xlsx or csv' }).default('xlsx'),
    tenantId: z.string().uuid({ message: 'must be a tenant id (UUID)' }).optional(),
    limit: z.coerce
      .number({ message: 'must be a number' })
      .int({ message: 'must be a whole number' })
      .min(1, { message: 'must be 1 to 500' })
      .max(MAX_FAPIAO_BATCH, { message: 'must be 1 to 500' })
      .default(MAX_FAPIAO_BATCH),
  })
  .strict();

export const FapiaoIssued = component(
  'FapiaoIssued',
  z
    .object({
      // 数电发票: 20 digits; a paper or older e-fapiao: its 8-digit number (with its 10/12-digit code).
      number: z
        .string()
        .trim()
        .regex(/^(\d{20}|\d{10,12}-\d{8}|\d{8})$/, { message: 'must be a fapiao number: 20 digits (数电发票), or code-number as 10–12 digits, a hyphen and 8 digits' })
        .meta({ description: '20 digits (数电发票), or code-number (10–12 digits, a hyphen, 8 digits)' }),
      issuedOn: isoDate().meta({ description: 'the fapiao’s date; not before the request, not in the future' }),
    })
    .strict(),
);

export const FapiaoStatus = component(
  'FapiaoStatus',
  z.object({
    status: z.enum(FAPIAO_REQUEST_STATUSES),
    number: z.string().nullable().meta({ description: 'the fapiao number, once recorded' }),
    issuedOn: CalendarDate.nullable(),
    requestId: Uuid,
  }),
);

export const FapiaoRequest = component(
  'FapiaoRequest',
  z.object({
    id: Uuid,
    kind: z.enum(['blue', 'red']).meta({ description: 'blue: the bill’s fapiao; red: the 红字 fapiao of a credit note' }),
    status: z.enum(FAPIAO_REQUEST_STATUSES).meta({ description: 'not_required: the bill has no revenue (deposits and credits are not sold) or was wholly credited' }),
    reason: z.string().nullable().optional(),
    tenantId: Uuid.optional(),
    tenantName: z.string().optional(),
    invoiceId: Uuid,
    invoiceNumber: z.string(),
    period: Month.optional(),
    creditNoteId: Uuid.nullable().optional(),
    creditNoteNumber: z.string().nullable().optional(),
    currency: Currency.optional(),
    taxInclusive: z.boolean().meta({ description: '是否含税 of the export: whether 金额 includes tax' }).optional(),
    vatRate: z.number().optional(),
    amountInclTax: Fen.meta({ description: '价税合计' }),
    amountExclTax: Fen.meta({ description: '金额 excluding tax: the bill’s revenue less its tax' }),
    tax: Fen.meta({ description: 'the VAT, as the tax platform computes it from the lines' }),
    lines: z.array(
      z.object({
        name: z.string().meta({ description: '项目名称' }).optional(),
        taxCode: z.string().meta({ description: '商品和服务税收编码 (19 digits)' }).optional(),
        quantity: z.number().int().nullable().optional(),
        amountExclTax: Fen.optional(),
        tax: Fen.optional(),
        amountInclTax: Fen.optional(),
      }),
    ),
    requestedOn: CalendarDate,
    fapiao: z.object({ number: z.string(), issuedOn: CalendarDate }).nullable(),
  }),
);
export const FapiaoRequestPage = component('FapiaoRequestPage', z.object({ data: z.array(FapiaoRequest), hasMore: z.boolean(), nextCursor: z.string().nullable() }));
