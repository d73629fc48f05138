/** Live incidents: opened while they happen, resolved into outage records. */
import { z } from 'zod';
import { listQuery } from '../list-page';
import { instant, text, uuid } from '../validation';
import { component, Instant, Uuid } from './common';

export const MAX_INCIDENT_CONTRACTS = 10_000;

export const causeField = () => z.enum(['provider', 'tenant', 'maintenance'], { message: 'must be provider, tenant or maintenance' });
export const severityField = () => z.enum(['major', 'minor'], { message: 'must be major or minor' });
const seatsField = () => z.number().int({ message: 'must be a whole number of seats' }).min(1, { message: 'must be at least 1' }).max(10_000);


export const IncidentCreate = component(
  'IncidentCreate',
  z
    .object({
      startedAt: instant(),
      cause: causeField(),
      severity: severityField().meta({ description: 'major sends a major-fault warning (大故障预警) to every affected tenant at once' }),
      description: text(1000),
      scope: z
        .union([z.literal('all'), z.object({ contractIds: z.array(uuid()).min(1, { message: 'must name at least one contract' }).max(MAX_INCIDENT_CONTRACTS) }).strict()], {
          message: 'must be "all" or {"contractIds": [...]}',
        })
        .meta({ description: '"all": every contract in service when it started; or the contracts named' }),
      /** Seats affected per contract id; a contract not listed has all its contracted seats affected. */
      seatsAffected: z
        .record(z.string(), seatsField())
        .optional()
        .meta({ description: 'seats affected per contract id; a contract not listed has all its seats affected' }),
    })
    .strict(),
);

export const IncidentUpdate = component(
  'IncidentUpdate',
  z
    .object({
      startedAt: instant().optional(),
      cause: causeField().optional(),
      severity: severityField().optional(),
      description: text(1000).optional(),
      seatsAffected: z.record(z.string(), z.number().int({ message: 'must be a whole number of seats' }).min(1, { message: 'must be at least 1' }).max(10_000)).optional(),
    })
    .strict()
    .refine((b) => Object.keys(b).length > 0, { message: 'must change at least one field' }),
);

export const IncidentResolve = component('IncidentResolve', z.object({ endedAt: instant() }).strict());

export const IncidentListQuery = listQuery({
  status: z.enum(['open', 'resolved'], { message: 'must be open or resolved' }).optional(),
  contractId: uuid().optional(),
});

export const Incident = component(
  'Incident',
  z.object({
    id: Uuid.optional(),
    status: z.enum(['open', 'resolved']).optional(),
    startedAt: Instant.optional(),
    endedAt: Instant.nullable().optional(),
    cause: z.enum(['provider', 'tenant', 'maintenance']).optional(),
    severity: z.enum(['major', 'minor']).optional(),
    description: z.string().optional(),
    scope: z.enum(['all', 'contracts']).optional(),
    contracts: z
      .array(z.object({ contractId: Uuid.optional(), seatsAffected: z.number().int().optional(), outageId: Uuid.nullable().meta({ description: 'the outage record made at resolution' }).optional() }))
      .optional(),
    seatLogId: Uuid.nullable().meta({ description: 'the seat-log entry it was raised from (POST /v1/seat-log/:id/incident)' }).optional(),
    createdAt: Instant.optional(),
    resolvedAt: Instant.nullable().optional(),
    notices: z
      .array(
        z.object({
          kind: z.string().meta({ description: 'e.g. major_fault, service_restored' }),
          tenantId: Uuid,
          status: z.string().meta({ description: 'whether billing has taken the notice to mail' }),
          attempts: z.number().int(),
          relayedAt: Instant.nullable(),
        }),
      )
      .meta({ description: 'GET /v1/incidents/:id: the mails the incident owes each tenant and where they stand' })
      .optional(),
  }),
);
export const IncidentList = component('IncidentList', z.object({ data: z.array(Incident), hasMore: z.boolean(), nextCursor: z.string().nullable() }));
