/** Call detail records (§2.A6 电话费单算, SPEC §7): imported, listed, voided. */
import { z } from 'zod';
import { listQuery } from '../list-page';
import { instant, month, uuid } from '../validation';
import { component, Instant, Month, Uuid } from './common';

export const CALL_TYPE_VALUES = ['local', 'domestic', 'mobile'] as const;
export const MAX_CALL_ID_CHARS = 128;
export const MAX_SEAT_CHARS = 128;
/** One day: a longer "call" is a broken switch record, not a call. */
export const MAX_CALL_DURATION_SECONDS = 86_400;

/**
 * One row of an import. billing-service checks rows with its streaming checker
 * (usage/call-record.ts: a 64 MB CSV is never held as objects), to these same limits.
 */
export const CallRecord = component(
  'CallRecord',
  z
    .object({
      id: z.string().min(1).max(MAX_CALL_ID_CHARS).meta({ description: 'the record id; imports are idempotent by id' }),
      contractId: uuid().optional().meta({ description: 'or `?contractId=` for the whole upload' }),
      seat: z.union([z.string().min(1).max(MAX_SEAT_CHARS), z.number().int()]),
      startedAt: instant(),
      durationSeconds: z.number().int().min(0).max(MAX_CALL_DURATION_SECONDS),
      callType: z.enum(CALL_TYPE_VALUES),
    })
    .strict(),
);

/** `POST /v1/calls` as JSON, when the body is an object rather than an array of records. */
export const CallImportObject = z.object({ contractId: uuid().optional(), calls: z.array(z.unknown()) }).strict();
/** `POST /v1/calls`: the contract of every record without one (CSV without a contractId column). */
export const CallImportQuery = z.object({ contractId: uuid().optional().meta({ description: 'the contract of every record (CSV without a contractId column)' }) });

export const CallImport = component('CallImport', z.union([z.array(CallRecord), CallImportObject.extend({ calls: z.array(CallRecord) })]));
export const CallCsv = z.string().meta({ description: 'id,seat,startedAt,durationSeconds,callType[,contractId]' });

export const CallImportResult = component(
  'CallImportResult',
  z.object({
    accepted: z.number().int(),
    duplicates: z.number().int().meta({ description: 'ids already on file with the same data, or repeated in this import' }),
    conflicts: z
      .array(z.object({ row: z.number().int(), id: z.string(), differs: z.array(z.enum(['contractId', 'seat', 'startedAt', 'durationSeconds', 'callType'])) }))
      .meta({ description: 'ids on file with other data: not stored (void the call, then import it again, to replace it); the first 1000' }),
    conflictsTotal: z.number().int().optional(),
    rows: z.number().int().meta({ description: 'records read' }).optional(),
    rejected: z.array(z.object({ row: z.number().int(), message: z.string() })).meta({ description: 'rows refused, with why; the first ones' }),
    rejectedTotal: z.number().int().optional(),
    rejectedOmitted: z.number().int().meta({ description: 'rejected rows not listed (rejectedTotal − rejected.length)' }).optional(),
  }),
);

export const CallListQuery = listQuery({
  contractId: uuid(),
  month: month().optional(),
  seat: z.string().max(100).optional(),
  callType: z.enum(CALL_TYPE_VALUES, { message: 'must be local, domestic or mobile' }).optional(),
  startedFrom: instant().optional(),
  startedBefore: instant().optional(),
});

export const CallRecordView = component(
  'CallRecordView',
  z.object({
    id: z.string(),
    contractId: Uuid,
    seat: z.string(),
    startedAt: Instant,
    durationSeconds: z.number().int(),
    callType: z.enum(CALL_TYPE_VALUES),
    month: Month.optional(),
    billableMinutes: z.number().int().meta({ description: 'started minutes (§7)' }).optional(),
  }),
);
export const CallList = component('CallList', z.object({ data: z.array(CallRecordView), hasMore: z.boolean(), nextCursor: z.string().nullable() }));

export const CallVoided = component(
  'CallVoided',
  z.object({
    id: z.string(),
    contractId: Uuid.optional(),
    seat: z.string().optional(),
    startedAt: Instant.optional(),
    durationSeconds: z.number().int().optional(),
    callType: z.string().optional(),
    voidedAt: Instant,
    voidedBy: z.string().optional(),
    voidReason: z.string().optional(),
  }),
);
