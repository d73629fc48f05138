/** Payments (bank transfers, Stripe), their reversal, and the deposit ledger. */
import { z } from 'zod';
import { listQuery } from '../list-page';
import { isoDate, text, uuid } from '../validation';
import { CalendarDate, component, Currency, Fen, Instant, page, Uuid } from './common';
import { exportParams } from './invoices';

export const MAX_PAYMENT_FEN = 10_000_000_000;
/** How a payment arrived. */
export const PAYMENT_METHODS = ['bank_transfer', 'card', 'alipay', 'wechat_pay'] as const;
/** The methods paid through Stripe. */
export const STRIPE_METHODS = ['card', 'alipay', 'wechat_pay'] as const;

export const PaymentCreate = component(
  'PaymentCreate',
  z
    .object({
      tenantId: uuid(),
      amount: z
        .number({ message: 'must be an integer number of fen' })
        .int({ message: 'must be an integer number of fen (no decimals)' })
        .positive({ message: 'must be more than 0' })
        .max(MAX_PAYMENT_FEN, { message: `must be at most ${MAX_PAYMENT_FEN} fen` })
        .meta({ description: 'positive' }),
      method: z.literal('bank_transfer', { message: 'must be "bank_transfer" (cards and Alipay go through Stripe)' }),
      reference: text(140),
      receivedOn: isoDate(),
      invoiceId: uuid().optional().meta({ description: 'omit to pay the oldest open invoices first' }),
    })
    .strict(),
);

export const paymentFilters = {
  tenantId: z.string().uuid({ message: 'must be a tenant id (UUID)' }).optional(),
  receivedFrom: isoDate().optional(),
  receivedTo: isoDate().optional(),
  method: z.enum(PAYMENT_METHODS, { message: `must be one of ${PAYMENT_METHODS.join(', ')}` }).optional(),
  reference: z.string().max(200).optional(),
};
export const PaymentListQuery = listQuery(paymentFilters);
export const PaymentExportQuery = z.object({ ...paymentFilters, ...exportParams });

export const Payment = component(
  'Payment',
  z.object({
    id: Uuid,
    tenantId: Uuid.optional(),
    amount: Fen.optional(),
    currency: Currency.optional(),
    method: z.string().optional(),
    reference: z.string().optional(),
    receivedOn: CalendarDate.optional(),
    allocations: z
      .array(z.object({ invoiceId: Uuid, number: z.string(), amount: Fen }))
      .meta({ description: 'the bills it paid, oldest first' })
      .optional(),
    creditCreated: Fen.meta({ description: 'what no open bill needed: kept as credit for the next bills' }).optional(),
    creditApplied: z
      .array(z.object({ invoiceId: Uuid, number: z.string(), amount: Fen }))
      .meta({ description: 'POST /v1/payments only: credit already held that this payment’s bills used' })
      .optional(),
    suspensionsLifted: z.array(z.string()).nullable().meta({ description: 'POST /v1/payments only: contracts whose suspension the payment ended' }).optional(),
    reversedAt: Instant.nullable().meta({ description: 'null unless reversed' }).optional(),
    reversedOn: CalendarDate.nullable().optional(),
    reversedBy: z.string().nullable().optional(),
    reverseReason: z.string().nullable().optional(),
  }),
);
export const PaymentList = page('PaymentList', Payment);

export const StripeIntentCreate = component(
  'StripeIntentCreate',
  z
    .object({
      invoiceId: uuid(),
      method: z.enum(STRIPE_METHODS, { message: `must be one of ${STRIPE_METHODS.join(', ')}` }),
    })
    .strict(),
);
export const StripeConfig = component(
  'StripeConfig',
  z.object({ publishableKey: z.string().meta({ description: 'pk_test_… or pk_live_…' }).optional(), methods: z.array(z.enum(STRIPE_METHODS)).optional() }),
);
export const StripeIntent = component(
  'StripeIntent',
  z.object({
    id: z.string().optional(),
    clientSecret: z.string().optional(),
    invoiceId: Uuid.optional(),
    method: z.string().optional(),
    amount: Fen.optional(),
    currency: Currency.optional(),
    status: z.string().optional(),
  }),
);
/** Stripe's event, forwarded byte for byte; billing-service checks its signature before reading it. */
export const StripeEvent = component('StripeEvent', z.record(z.string(), z.unknown()));

export const DepositQuery = z.object({ contractId: z.string().uuid({ message: 'must be a contract id (UUID)' }) });
export const DepositLedger = component(
  'DepositLedger',
  z
    .object({
      contractId: Uuid,
      currency: Currency,
      held: Fen.meta({ description: 'the deposit held now' }),
      entries: z.array(
        z.object({
          entry: z.enum(['held', 'topped_up', 'released', 'settled', 'refunded']).optional(),
          amount: Fen.meta({ description: '+ held more, − held less' }).optional(),
          invoiceId: Uuid.nullable().optional(),
          onDate: CalendarDate.optional(),
        }),
      ),
    })
    .meta({ description: "a contract's deposit: what is held and every movement, oldest first" }),
);
