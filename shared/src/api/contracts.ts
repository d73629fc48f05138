/** Contracts: signing, the list, terminations, renewals, transfers, one-off charges, the audit log. */
import { z } from 'zod';
import { listQuery } from '../list-page';
import { isoDate, month, rateBasisPoints, text } from '../validation';
import { CalendarDate, component, Currency, Fen, Instant, Month, page, SeatTier, Uuid, voidFields } from './common';

const fee = (max: number) =>
  z.number({ message: 'must be an integer number of fen' }).int({ message: 'must be an integer number of fen' }).min(0, { message: 'must not be negative' }).max(max, { message: `must be at most ${max}` });

export const CallRates = component(
  'CallRates',
  z
    .object({
      local: fee(100_000).meta({ description: 'fen per started minute' }),
      domestic: fee(100_000).meta({ description: 'fen per started minute' }),
      mobile: fee(100_000).meta({ description: 'fen per started minute' }),
    })
    .strict(),
);

export const ContractCreate = component(
  'ContractCreate',
  z
    .object({
      tenantId: z.string().uuid({ message: 'must be a tenant id (UUID)' }),
      seatTier: z.enum(['province', 'prefecture', 'county'], { message: 'must be province, prefecture or county' }),
      startMonth: month(),
      termMonths: z.number().int({ message: 'must be a whole number of months' }).min(1, { message: 'must be at least 1' }).max(120, { message: 'must be at most 120' }).meta({ description: 'whole months' }),
      seats: z
        .number()
        .int({ message: 'must be a whole number of seats' })
        .min(1, { message: 'must be at least 1' })
        .max(10_000, { message: 'must be at most 10000' })
        .meta({ description: 'initial seats (the first add order)' }),
      openingDate: isoDate().meta({ description: 'requested opening date of the initial seats' }),
      seatFee: fee(100_000_000).optional().meta({ description: 'default: the price list of the tier' }),
      circuitFee: fee(100_000_000).optional().meta({ description: 'default: the price list of the tier' }),
      vatRate: rateBasisPoints(0.2).optional().meta({ description: 'VAT rate as a fraction (at most 4 decimals), default 0.06' }),
      restoreWindowHours: z
        .number()
        .int({ message: 'must be a whole number of hours' })
        .min(0, { message: 'must not be negative' })
        .max(720, { message: 'must be at most 720' })
        .optional()
        .meta({ description: 'hours Party A has to restore a fault before it earns credit (§8.A1), default 0' }),
      callRates: CallRates.optional(),
      overrideReason: text(500).optional().meta({ description: 'staff override of the 5-day notice (§6.4) for the initial seats, kept in the audit log' }),
    })
    .strict(),
);

export const CONTRACT_STATUSES = ['pending_opening', 'active', 'suspended', 'terminated', 'expired'] as const;

export const ContractListQuery = listQuery({
  tenantId: z.string().uuid({ message: 'must be a tenant id (UUID)' }).optional(),
  status: z.enum(CONTRACT_STATUSES, { message: `must be one of ${CONTRACT_STATUSES.join(', ')}` }).optional(),
  endingBefore: isoDate().optional(),
});

export const Contract = component(
  'Contract',
  z.object({
    id: Uuid,
    number: z.string().meta({ description: 'HT-2027-000001: gapless per year of signing, printed on its bills' }).optional(),
    tenantId: Uuid,
    status: z.enum(CONTRACT_STATUSES),
    startMonth: Month,
    endDate: CalendarDate,
    termMonths: z.number().int(),
    seatFee: Fen.meta({ description: 'amount in fen (1/100 CNY), an integer' }),
    circuitFee: Fen.meta({ description: 'amount in fen (1/100 CNY), an integer' }),
    liveSeats: z.number().int(),
    depositHeld: Fen.meta({ description: 'amount in fen (1/100 CNY), an integer' }),
    currency: Currency.optional(),
    tenantName: z.string().optional(),
    seatTier: SeatTier.optional(),
    signedOn: CalendarDate.optional(),
    lastDayOfService: CalendarDate.meta({ description: 'the termination’s effective date when earlier than the end of term' }).optional(),
    monthlyFee: Fen.meta({ description: 'the fee per seat per month in force today (seat fee + circuit fee)' }).optional(),
    prices: z.array(z.object({ effectiveMonth: Month, seatFee: Fen, circuitFee: Fen })).meta({ description: 'the price and each amendment (renewals with a new fee), by the month it takes effect' }).optional(),
    vatRate: z.number().meta({ description: 'VAT rate as a fraction, e.g. 0.06' }).optional(),
    restoreWindowHours: z.number().int().optional(),
    callRates: z.object({ local: z.number().int(), domestic: z.number().int(), mobile: z.number().int() }).meta({ description: 'fen per started minute' }).optional(),
    contractedSeats: z.number().int().meta({ description: 'seats ordered and not returned, opened or not' }).optional(),
    termination: z
      .object({ kind: z.enum(['mutual', 'tenant_breach', 'provider_breach', 'for_cause']), noticeDate: CalendarDate, effectiveDate: CalendarDate, reason: z.string().nullable() })
      .nullable()
      .meta({ description: 'null unless terminated' })
      .optional(),
    createdAt: Instant.optional(),
    openingInvoice: z.unknown().meta({ description: 'POST /v1/contracts only: the opening bill billing issued (null when billing could not be reached: its scheduler issues it)' }).optional(),
  }),
);
export const ContractList = page('ContractList', Contract);

export const TerminationCreate = component(
  'TerminationCreate',
  z
    .object({
      kind: z.enum(['mutual', 'tenant_breach', 'provider_breach', 'for_cause'], {
        message: 'must be mutual, tenant_breach, provider_breach or for_cause',
      }),
      noticeDate: isoDate(),
      effectiveDate: isoDate(),
      reason: text(2000).optional(),
    })
    .strict(),
);

export const RenewalCreate = component(
  'RenewalCreate',
  z
    .object({
      termMonths: z
        .number()
        .int({ message: 'must be a whole number of months' })
        .min(1, { message: 'must be at least 1' })
        .max(120, { message: 'must be at most 120' })
        .meta({ description: 'months added to the term' }),
      seatFee: z
        .number()
        .int({ message: 'must be an integer number of fen' })
        .min(0, { message: 'must not be negative' })
        .max(100_000_000)
        .optional()
        .meta({ description: 'new seat fee, from effectiveMonth' }),
      circuitFee: z.number().int({ message: 'must be an integer number of fen' }).min(0, { message: 'must not be negative' }).max(100_000_000).optional(),
      effectiveMonth: month().optional(),
    })
    .strict(),
);

export const TransferCreate = component(
  'TransferCreate',
  z
    .object({
      toTenantId: z.string().uuid({ message: 'must be a tenant id (UUID)' }),
      consentGivenOn: isoDate().optional().meta({ description: 'Party A’s recorded consent (§2.B2); without it → 422' }),
    })
    .strict(),
);

export const OneOffChargeCreate = component(
  'OneOffChargeCreate',
  z
    .object({
      amount: z
        .number({ message: 'must be an integer number of fen' })
        .int({ message: 'must be an integer number of fen' })
        .min(-100_000_000_00, { message: 'is out of range' })
        .max(100_000_000_00, { message: 'is out of range' })
        .refine((v) => v !== 0, { message: 'must not be zero' })
        .meta({ description: 'positive = charge, negative = credit; not 0', not: { const: 0 } }),
      description: text(500),
      clause: z
        .string()
        .trim()
        .regex(/^§[0-9A-Z.]{1,12}$/, { message: 'must be a clause reference such as §5.1 or §8.B3' })
        .optional()
        .meta({ description: 'e.g. §5.1, §8.B3' }),
    })
    .strict(),
);

export const OneOffCharge = component(
  'OneOffCharge',
  z.object({
    id: Uuid,
    contractId: Uuid,
    amount: Fen.meta({ description: 'positive = charge, negative = credit' }),
    currency: Currency,
    description: z.string(),
    clause: z.string().nullable(),
    createdOn: CalendarDate,
    ...voidFields,
  }),
);
export const Termination = component(
  'Termination',
  z.object({
    id: Uuid,
    contractId: Uuid,
    kind: z.enum(['mutual', 'tenant_breach', 'provider_breach', 'for_cause']),
    noticeDate: CalendarDate,
    effectiveDate: CalendarDate,
    reason: z.string().nullable(),
  }),
);
export const Transfer = component(
  'Transfer',
  z.object({ id: Uuid, contractId: Uuid, fromTenantId: Uuid, toTenantId: Uuid, consentGivenOn: CalendarDate.optional() }),
);
export const Renewal = component(
  'Renewal',
  z.object({ id: Uuid, renewal: z.object({ termMonths: z.number().int(), agreedOn: CalendarDate }), contract: Contract.meta({ description: 'the contract as renewed' }) }),
);

export const AuditListQuery = listQuery({
  action: z.string().max(100).optional(),
  entity: z.string().max(100).optional(),
});
export const GlobalAuditListQuery = listQuery({
  contractId: z.string().uuid({ message: 'must be a contract id (UUID)' }).optional(),
  entity: z.string().max(100).optional(),
  entityId: z.string().max(100).optional(),
  action: z.string().max(100).optional(),
});
export const AuditEntry = component(
  'AuditEntry',
  z.object({
    id: z.number().int().optional(),
    at: Instant.optional(),
    actor: z.object({ keyId: z.string().optional(), role: z.string().optional() }).optional(),
    action: z.string().meta({ description: 'e.g. contract.signed, seat_order.opened' }).optional(),
    entity: z.string().optional(),
    entityId: z.string().optional(),
    reason: z.string().nullable().optional(),
    data: z.unknown().meta({ description: 'the change as requested' }).optional(),
  }),
);
export const AuditLog = page('AuditLog', AuditEntry);
