/** Tenants, their invoicing profile (开票信息), and the price list by seat tier. */
import { z } from 'zod';
import { listQuery } from '../list-page';
import { text } from '../validation';
import { component, Currency, Fen, Instant, page, SeatTier, Uuid } from './common';

export const BillingEmails = z
  .array(z.string().trim().email({ message: 'must be an email address' }).max(254), { message: 'must be a list of email addresses' })
  .min(1, { message: 'needs at least one billing contact' })
  .max(20, { message: 'at most 20 billing contacts' });

export const TenantCreate = component('TenantCreate', z.object({ name: text(200), billingEmails: BillingEmails }).strict());

export const TenantUpdate = component(
  'TenantUpdate',
  z
    .object({ name: text(200).optional(), billingEmails: BillingEmails.optional() })
    .strict()
    .refine((b) => b.name !== undefined || b.billingEmails !== undefined, { message: 'give name or billingEmails (or both)' })
    .meta({ description: 'staff: name and billing emails; tenant_finance: its own billing emails only', minProperties: 1 }),
);

export const TenantListQuery = listQuery({
  /** Part of the tenant's name, any case (contract numbers too once contracts carry one). */
  q: text(200).optional(),
});

export const FAPIAO_TYPES = ['special', 'normal'] as const;

export const InvoicingProfileSet = component(
  'InvoicingProfileSet',
  z
    .object({
      title: text(100).meta({ description: '购买方名称, the name on the fapiao' }), // the platform's limit is 100 characters
      taxId: text(20).meta({ description: 'unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters, the last a check character' }),
      address: text(200).nullish().meta({ description: 'required for fapiaoType special' }),
      phone: text(40).nullish().meta({ description: 'required for fapiaoType special' }),
      bankName: text(100).nullish().meta({ description: 'required for fapiaoType special' }),
      bankAccount: text(40).nullish().meta({ description: 'required for fapiaoType special' }),
      fapiaoType: z
        .enum(FAPIAO_TYPES, { message: `must be one of ${FAPIAO_TYPES.join(', ')}` })
        .meta({ description: 'special = 增值税专用发票 (all six fields); normal = 普通发票 (title and taxId)' }),
    })
    .strict(),
);

export const InvoicingProfile = component(
  'InvoicingProfile',
  z.object({
    title: z.string(),
    taxId: z.string(),
    address: z.string().nullable().optional(),
    phone: z.string().nullable().optional(),
    bankName: z.string().nullable().optional(),
    bankAccount: z.string().nullable().optional(),
    fapiaoType: z.enum(FAPIAO_TYPES),
    updatedAt: Instant,
  }),
);

export const Tenant = component(
  'Tenant',
  z.object({
    id: Uuid,
    name: z.string(),
    billingEmails: z.array(z.string().meta({ format: 'email' })),
    createdAt: Instant.optional(),
    invoicingProfile: InvoicingProfile.nullable().meta({ description: 'what its fapiao are made out to; null until set' }).optional(),
  }),
);
export const TenantList = page('TenantList', Tenant);

const priceFen = z.number().int({ message: 'must be an integer number of fen' }).min(0, { message: 'must not be negative' }).max(100_000_000);
export const PriceUpdate = component(
  'PriceUpdate',
  z
    .object({
      seatFee: priceFen.meta({ description: 'seat fee per seat per month' }),
      circuitFee: priceFen.default(0).meta({ description: 'circuit fee per seat per month; default 0' }),
    })
    .strict(),
);
export const Price = component(
  'Price',
  z.object({
    tier: SeatTier.optional(),
    seatFee: Fen.meta({ description: 'seat fee per seat per month' }).optional(),
    circuitFee: Fen.meta({ description: 'circuit fee per seat per month' }).optional(),
    currency: Currency.optional(),
    updatedAt: Instant.optional(),
  }),
);
export const PriceList = component('PriceList', z.object({ currency: Currency.optional(), data: z.array(Price) }).meta({ description: 'the price list by seat tier' }));
