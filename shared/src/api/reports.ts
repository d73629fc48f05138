/** Reports: a tenant's statement of account, accounts receivable aging, and their exports. */
import { z } from 'zod';
import { isoDate } from '../validation';
import { CalendarDate, component, Currency, Fen, Uuid } from './common';
import { FapiaoStatus } from './fapiao';
import { exportParams } from './invoices';

export const StatementQuery = z.object({ from: isoDate().optional(), to: isoDate().optional() });
export const StatementExportQuery = z.object({ from: z.string().optional(), to: z.string().optional(), ...exportParams });
export const ArAgingQuery = z.object({ asOf: isoDate().optional() });
export const ArAgingExportQuery = z.object({ asOf: z.string().optional(), ...exportParams });

export const Statement = component(
  'Statement',
  z
    .object({
      tenantId: Uuid.optional(),
      tenantName: z.string().optional(),
      currency: Currency.optional(),
      from: CalendarDate.nullable().meta({ description: 'null: from the first movement' }).optional(),
      to: CalendarDate.optional(),
      openingBalance: Fen.optional(),
      movements: z
        .array(
          z.object({
            date: CalendarDate.optional(),
            type: z.string().meta({ description: 'invoice | credit_note | payment | credit' }).optional(),
            reference: z.string().optional(),
            description: z.string().optional(),
            amount: Fen.optional(),
            balance: Fen.optional(),
            invoiceId: z.string().nullable().optional(),
            paymentId: z.string().nullable().optional(),
            creditNoteId: z.string().nullable().optional(),
            fapiao: FapiaoStatus.nullable()
              .meta({ description: 'bills and credit notes: where their fapiao (blue, or 红字 for a credit note) stands; null before it is requested' })
              .optional(),
          }),
        )
        .optional(),
      closingBalance: Fen.optional(),
      creditBalance: Fen.optional(),
      deposits: z.array(z.object({ contractId: Uuid.optional(), held: Fen.optional() })).optional(),
      depositHeld: Fen.optional(),
    })
    .meta({ description: 'invoices, credit notes, payments and credit of the tenant in date order with a running balance (positive = owed to Party A)' }),
);

export const ArAging = component(
  'ArAging',
  z
    .object({
      asOf: CalendarDate.optional(),
      currency: Currency.optional(),
      buckets: z.array(z.string()).optional(),
      tenants: z
        .array(
          z.object({
            tenantId: Uuid.optional(),
            tenantName: z.string().optional(),
            invoiceCount: z.number().int().optional(),
            current: Fen.optional(),
            days1to30: Fen.optional(),
            days31to60: Fen.optional(),
            days61to90: Fen.optional(),
            days90plus: Fen.optional(),
            total: Fen.optional(),
            creditBalance: Fen.optional(),
          }),
        )
        .optional(),
      totals: z
        .object({ current: Fen.optional(), days1to30: Fen.optional(), days31to60: Fen.optional(), days61to90: Fen.optional(), days90plus: Fen.optional(), total: Fen.optional() })
        .meta({ description: 'the same buckets summed over all tenants' })
        .optional(),
    })
    .meta({ description: 'amounts due by tenant and age bucket as of a date' }),
);
