/** Events that credit or delay a bill: outages and force majeure. */
import { z } from 'zod';
import { listQuery } from '../list-page';
import { instant, isoDate, text } from '../validation';
import { CalendarDate, component, Instant, page, Uuid, voidFields } from './common';

const CAUSES = ['provider', 'tenant', 'maintenance'] as const;

export const OutageCreate = component(
  'OutageCreate',
  z
    .object({
      startedAt: instant(),
      endedAt: instant(),
      seatsAffected: z.number().int({ message: 'must be a whole number of seats' }).min(1, { message: 'must be at least 1' }).max(10_000),
      cause: z.enum(CAUSES, { message: 'must be provider, tenant or maintenance' }),
      description: text(1000).optional(),
    })
    .strict(),
);
export const OutageListQuery = listQuery({
  cause: z.enum(CAUSES, { message: 'must be provider, tenant or maintenance' }).optional(),
  startedFrom: instant().optional(),
  startedBefore: instant().optional(),
});
export const Outage = component(
  'Outage',
  z.object({
    id: Uuid,
    contractId: Uuid.optional(),
    startedAt: Instant.optional(),
    endedAt: Instant.optional(),
    seatsAffected: z.number().int().optional(),
    cause: z.enum(CAUSES).optional(),
    description: z.string().nullable().optional(),
    ...voidFields,
  }),
);
export const OutageList = page('OutageList', Outage);

export const ForceMajeureCreate = component(
  'ForceMajeureCreate',
  z
    .object({
      startedAt: instant(),
      endedAt: instant(),
      noticeGivenOn: isoDate().meta({ description: 'written notice; honoured only within 10 days after the end (§7.3)' }),
      claimedBy: z.enum(['provider', 'tenant'], { message: 'must be provider or tenant' }),
      contractIds: z
        .array(z.string().uuid({ message: 'must be a contract id (UUID)' }))
        .min(1, { message: 'omit contractIds for every contract' })
        .max(10_000)
        .optional()
        .meta({ description: 'omit for every contract' }),
      description: text(2000),
    })
    .strict(),
);
export const ForceMajeureListQuery = listQuery({
  contractId: z.string().uuid({ message: 'must be a contract id (UUID)' }).optional(),
  claimedBy: z.enum(['provider', 'tenant'], { message: 'must be provider or tenant' }).optional(),
});
export const ForceMajeure = component(
  'ForceMajeure',
  z.object({
    id: Uuid,
    startedAt: Instant,
    endedAt: Instant,
    noticeGivenOn: CalendarDate,
    claimedBy: z.enum(['provider', 'tenant']),
    description: z.string().optional(),
    contractIds: z.array(Uuid).nullable().meta({ description: 'null = every contract' }),
    honoured: z.boolean().meta({ description: 'notice given within 10 days after the end (§7.3)' }).optional(),
    ...voidFields,
  }),
);
export const ForceMajeureList = page('ForceMajeureList', ForceMajeure);
