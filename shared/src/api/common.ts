/**
 * The public API's shapes, one file per resource (decision 0056): the zod schemas the services
 * validate requests with and the shapes of their answers. The gateway's OpenAPI document is
 * generated from them (gateway/src/openapi.ts), so what a service checks and what the reference
 * says are one object. Only shapes live here; what an operation means stays in the document
 * builder.
 *
 * A schema that the document names (a request body, an answer, or a shape several of those
 * share) is registered with `component(name, schema)`: it becomes
 * `#/components/schemas/<name>` and every use of that very object becomes a `$ref` to it.
 * Answers are described as the services give them: objects list their fields without refusing
 * others, because the public API grows only by adding (API.md).
 */
import { z } from 'zod';
import { instant, isoDate, month, text } from '../validation';

/** The named schemas of the document: `id` is the component name. */
export const apiComponents = z.registry<{ id: string }>();

/** Registers a schema as a named component of the document and hands it back unchanged. */
export function component<T extends z.ZodType>(id: string, schema: T): T {
  apiComponents.add(schema, { id });
  return schema;
}

export const Problem = component(
  'Problem',
  z
    .object({
      type: z.string().meta({ description: 'a URI naming the kind of problem' }),
      title: z.string(),
      status: z.number().int(),
      detail: z.string(),
      errors: z.array(z.object({ path: z.string().meta({ description: 'the field, e.g. `tenantId` or `lines[2].amount`' }), message: z.string() })).optional(),
    })
    .meta({ description: 'RFC 9457 problem details (`application/problem+json`)' }),
);

// The primitives every answer speaks in.
export const Fen = component('Fen', z.number().int().meta({ format: 'int64', description: 'amount in fen (1/100 CNY); charges positive, credits negative' }));
export const Currency = component('Currency', z.enum(['CNY']));
export const CalendarDate = component(
  'Date',
  isoDate().meta({ format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'a calendar date YYYY-MM-DD (Asia/Shanghai)', examples: ['2027-03-15'] }),
);
export const Month = component('Month', month().meta({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'a month YYYY-MM', examples: ['2027-03'] }));
export const Instant = component('Instant', instant().meta({ format: 'date-time', description: 'an ISO 8601 instant with offset', examples: ['2027-03-01T09:00:00+08:00'] }));
export const Uuid = component('Uuid', z.string().meta({ format: 'uuid' }));
export const Role = component('Role', z.enum(['staff', 'tenant_finance', 'tenant_supervisor', 'agent', 'scheduler']));
export const SeatTier = component('SeatTier', z.enum(['province', 'prefecture', 'county']).meta({ description: '省级 | 地级 | 县(市)/区级' }));

/** A file answer (PDF, XLSX): bytes. */
export const Binary = z.string().meta({ format: 'binary' });
/** A text answer (CSV, HTML, Prometheus exposition). */
export const Text = z.string();
/** An answer whose shape is not ours to fix (the OpenAPI document itself, Stripe's acknowledgement). */
export const AnyObject = z.record(z.string(), z.unknown());

/**
 * Every list's answer (API.md "Lists and corrections"): a page, whether there is more, and the
 * cursor to it.
 */
export function page<T extends z.ZodType>(id: string, item: T) {
  return component(
    id,
    z
      .object({
        data: z.array(item),
        hasMore: z.boolean().meta({ description: 'true when another page follows' }),
        nextCursor: z.string().nullable().meta({ description: 'pass as `cursor` for the next page; null on the last page' }),
      })
      .meta({ description: 'one page, in the list’s order (newest first unless `order=asc`)' }),
  );
}

export const Created = component('Created', z.object({ id: Uuid }).meta({ description: 'the created record' }));

/** The fields every voidable record answers with (SPEC §5: void, never delete): null while in force. */
export const voidFields = {
  voidedAt: Instant.nullable().meta({ description: 'null while in force' }).optional(),
  voidedBy: z.string().nullable().meta({ description: 'the API key that voided it' }).optional(),
  voidReason: z.string().nullable().optional(),
};

/** Voiding a record entered by mistake (SPEC §5: void, never delete). */
export const VoidRequest = component(
  'VoidRequest',
  z.object({ reason: text(500).meta({ description: 'why the record was wrong (kept in the record and the audit log)' }) }).strict(),
);
export const VoidedRecord = component(
  'VoidedRecord',
  z
    .object({
      id: Uuid,
      voidedAt: Instant.meta({ description: 'when it was voided (the first void: voiding again answers the same)' }),
      voidedBy: z.string().meta({ description: 'the API key that voided it' }),
      voidReason: z.string(),
    })
    .meta({ description: 'the record as voided, with its other fields' }),
);

/** The answer of a call with nothing to say (a signed-out session). */
export const NoContent = z.undefined();
