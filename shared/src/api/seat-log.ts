/** The seat log: seats opened, closed or failing to open, and shift handovers (三, 第十条). */
import { z } from 'zod';
import { listQuery } from '../list-page';
import { instant, text } from '../validation';
import { CalendarDate, component, Instant, Uuid } from './common';
import { causeField, severityField } from './incidents';

const seat = () => text(50).meta({ description: 'the seat, as in call records' });
const account = () => text(100);

export const SeatLogCreate = component(
  'SeatLogCreate',
  z.discriminatedUnion(
    'kind',
    [
      z.object({ kind: z.literal('open'), seat: seat(), at: instant(), agentAccount: account().meta({ description: 'the agent account on duty' }) }).strict(),
      z.object({ kind: z.literal('close'), seat: seat(), at: instant(), agentAccount: account().meta({ description: 'the agent account on duty' }) }).strict(),
      z.object({ kind: z.literal('open_failed'), seat: seat(), at: instant(), agentAccount: account(), reason: text(1000) }).strict(),
      z
        .object({
          kind: z.literal('handover'),
          at: instant().meta({ description: 'near a shift change of the shift table' }),
          agentAccount: account().meta({ description: 'handing over' }),
          toAgentAccount: account().meta({ description: 'taking over' }),
          mode: z
            .enum(['oral', 'written'], { message: 'must be oral or written' })
            .default('oral')
            .meta({ description: 'oral by default; written (with notes) is required while an incident is open or a matter is unresolved' }),
          notes: text(4000).optional(),
          unresolvedMatters: z.boolean().default(false),
        })
        .strict(),
    ],
    { message: 'must be open, close, open_failed or handover' },
  ),
);

export const SeatLogListQuery = listQuery({
  kind: z.enum(['open', 'close', 'open_failed', 'handover'], { message: 'must be open, close, open_failed or handover' }).optional(),
  seat: text(50).optional(),
  /** Events at or after this instant. */
  from: instant().optional().meta({ description: 'events at or after this instant' }),
  /** Events before this instant. */
  to: instant().optional().meta({ description: 'events before this instant' }),
});

export const SeatLogIncident = component(
  'SeatLogIncident',
  z
    .object({
      severity: severityField().default('minor'),
      cause: causeField().default('provider'),
      description: text(1000).optional(),
    })
    .strict(),
);

export const SeatLogEntry = component(
  'SeatLogEntry',
  z.object({
    id: Uuid.optional(),
    contractId: Uuid.optional(),
    kind: z.enum(['open', 'close', 'open_failed', 'handover']).optional(),
    at: Instant.optional(),
    shift: z.string().optional(),
    shiftDate: CalendarDate.optional(),
    seat: z.string().nullable().optional(),
    agentAccount: z.string().nullable().optional(),
    reason: z.string().nullable().optional(),
    toShift: z.string().nullable().optional(),
    toAgentAccount: z.string().nullable().optional(),
    mode: z.enum(['oral', 'written']).nullable().optional(),
    notes: z.string().nullable().optional(),
    unresolvedMatters: z.boolean().nullable().optional(),
    incidentId: Uuid.nullable().meta({ description: 'the incident a failed opening was turned into' }).optional(),
    recordedBy: z.object({ role: z.string() }).optional(),
    createdAt: Instant.optional(),
  }),
);
export const SeatLogList = component('SeatLogList', z.object({ data: z.array(SeatLogEntry), hasMore: z.boolean(), nextCursor: z.string().nullable() }));
