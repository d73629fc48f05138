/** Billing runs: one per period. */
import { z } from 'zod';
import { listQuery } from '../list-page';
import { month } from '../validation';
import { CalendarDate, component, Instant, Month, page, Uuid } from './common';

export const BillingRunCreate = component('BillingRunCreate', z.object({ period: month().meta({ description: 'the month billed' }) }).strict());
export const BillingRunListQuery = listQuery({
  status: z.enum(['running', 'completed'], { message: 'must be running or completed' }).optional(),
  periodFrom: month().optional(),
  periodTo: month().optional(),
});
export const BillingRun = component(
  'BillingRun',
  z.object({
    id: Uuid,
    period: Month,
    status: z.string(),
    invoicesIssued: z.number().int(),
    issuedOn: CalendarDate.optional(),
    trigger: z.string().meta({ description: 'api or scheduler' }).optional(),
    contractsSeen: z.number().int().optional(),
    startedAt: Instant.optional(),
    completedAt: Instant.nullable().optional(),
  }),
);
export const BillingRunList = page('BillingRunList', BillingRun);
