/** Seat orders: seats added or returned, their opening, excuse and void. */
import { z } from 'zod';
import { listQuery } from '../list-page';
import { isoDate, text } from '../validation';
import { CalendarDate, component, Currency, Fen, page, Uuid, voidFields } from './common';

export const SeatOrderCreate = component(
  'SeatOrderCreate',
  z
    .object({
      kind: z.enum(['add', 'return'], { message: 'must be add or return' }),
      quantity: z.number().int({ message: 'must be a whole number of seats' }).min(1, { message: 'must be at least 1' }).max(10_000, { message: 'must be at most 10000' }),
      effectiveDate: isoDate().meta({ description: 'add: the requested opening date; return: the seats’ last day of service' }),
      overrideReason: text(500).optional().meta({ description: 'staff override of the 5-day notice (§6.4), kept in the audit log' }),
    })
    .strict(),
);
export const SeatOrderListQuery = listQuery({
  kind: z.enum(['add', 'return'], { message: 'must be add or return' }).optional(),
});
export const SeatOrderOpen = component('SeatOrderOpen', z.object({ openedOn: isoDate().meta({ description: 'actual opening date' }) }).strict());
export const SeatOrderExcuse = component('SeatOrderExcuse', z.object({ reason: text(500).meta({ description: 'why resources were unavailable' }) }).strict());

export const SeatOrder = component(
  'SeatOrder',
  z.object({
    id: Uuid,
    kind: z.enum(['add', 'return']),
    quantity: z.number().int(),
    effectiveDate: CalendarDate,
    status: z.string(),
    openedOn: CalendarDate.nullable().optional(),
    daysLate: z.number().int().nullable().optional(),
    penalty: Fen.nullable().optional(),
    contractId: Uuid.optional(),
    initial: z.boolean().meta({ description: 'the contract’s initial seats (not voidable)' }).optional(),
    excused: z.boolean().optional(),
    excuseReason: z.string().nullable().optional(),
    overrideReason: z.string().nullable().optional(),
    currency: Currency.optional(),
    ...voidFields,
  }),
);
export const SeatOrderList = page('SeatOrderList', SeatOrder);
/** The order as placed: a seat order. */
export const SeatOrderCreated = component('SeatOrderCreated', SeatOrder);
export const SeatOrderOpened = component(
  'SeatOrderOpened',
  z.object({
    id: Uuid,
    openedOn: CalendarDate,
    requestedOn: CalendarDate.meta({ description: 'the opening date the order asked for' }).optional(),
    daysLate: z.number().int(),
    penalty: Fen.meta({ description: 'late opening penalty owed to the tenant (§8.A1)' }),
    currency: Currency.optional(),
  }),
);
