/** A contract's monthly traffic report (第十三条). */
import { z } from 'zod';
import { month } from '../validation';
import { component, Instant, Month, Uuid } from './common';

export const TrafficQuery = z
  .object({
    period: month(),
    format: z.enum(['json', 'csv', 'pdf'], { message: 'must be json, csv or pdf' }).default('json'),
  })
  .strict();

const counts = { calls: z.number().int(), billedMinutes: z.number().int(), seconds: z.number().int() };
const TrafficCounts = z.object(counts);
const BusiestHour = z.object({ hour: z.number().int().meta({ description: '0–23, Asia/Shanghai' }), calls: z.number().int() }).nullable().meta({ description: 'the hour with the most calls; null without calls' });
const seatTraffic = {
  ...counts,
  byCallType: z.record(z.string(), TrafficCounts).meta({ description: 'per call type: local, domestic, mobile' }),
  busiestHour: BusiestHour,
  seatOpenSeconds: z.number().int().meta({ description: 'seconds the seat was open, from the seat log' }),
  seatOpenHours: z.number().meta({ description: 'seatOpenSeconds / 3600, to two decimals (to read, never to bill)' }),
};

export const TrafficReport = component(
  'TrafficReport',
  z.object({
    contractId: Uuid,
    tenantId: Uuid,
    tenantName: z.string(),
    period: Month,
    generatedAt: Instant,
    totals: z.object(seatTraffic),
    seats: z.array(z.object({ seat: z.string(), ...seatTraffic })),
  }),
);
