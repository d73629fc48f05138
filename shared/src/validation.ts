/**
 * Request validation with zod: a failure becomes a 400 problem+json naming each field and reason.
 */
import { z } from 'zod';
import { invalid, notFound, type FieldError } from './errors';
import { isInstant, isIsoDate, isMonth } from './dates';

export { z };

function pathOf(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(body)';
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`))
    .join('');
}

/** The value a zod issue's path points at in the input (undefined when absent). */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = input;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

/**
 * The message a person should read for an issue: a missing field "is required" (not zod's
 * "expected string, received undefined"), and an integer JSON could not carry exactly (such as
 * 9007199254740993, read as …992) "is too large" rather than "not an integer".
 */
function messageOf(issue: z.core.$ZodIssue, input: unknown): string {
  const value = valueAt(input, issue.path);
  if (issue.path.length > 0 && value === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_value' || issue.code === 'invalid_union')) return 'is required';
  if (typeof value === 'number' && Number.isFinite(value) && Number.isInteger(value) && !Number.isSafeInteger(value)) {
    return `is too large: not a safe integer (at most ${Number.MAX_SAFE_INTEGER} in magnitude; JSON cannot carry it exactly)`;
  }
  return issue.message;
}

export function parseWith<S extends z.ZodType>(schema: S, input: unknown, prefix?: string): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const at = (path: readonly PropertyKey[]) => (prefix ? (path.length ? `${prefix}.${pathOf(path)}` : prefix) : pathOf(path));
  const errors: FieldError[] = result.error.issues.flatMap((issue) =>
    // A field the request does not take is named by itself (not `(body): Unrecognized key: "x"`).
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: at([...issue.path, key]), message: 'is not a field of this request' }))
      : [{ path: at(issue.path), message: messageOf(issue, input) }],
  );
  // Two checks of one field can come to the same sentence (a huge integer fails int and max): say it once.
  const seen = new Set<string>();
  throw invalid(errors.filter((e) => !seen.has(`${e.path}\u0000${e.message}`) && seen.add(`${e.path}\u0000${e.message}`)));
}

// The `.meta()` of these helpers is what the OpenAPI document says of them (shared/src/api); it does not change what they accept.
export const isoDate = () => z.string().refine(isIsoDate, { message: 'must be a calendar date YYYY-MM-DD' }).meta({ format: 'date', examples: ['2027-03-15'] });
export const month = () => z.string().refine(isMonth, { message: 'must be a month YYYY-MM' }).meta({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', examples: ['2027-03'] });
export const instant = () =>
  z.string().refine(isInstant, { message: 'must be an ISO 8601 instant with an offset, e.g. 2027-05-03T10:00:00+08:00' }).meta({ format: 'date-time', examples: ['2027-03-01T09:00:00+08:00'] });
/** An integer amount of fen within the safe range and a sane business bound (±¥10 billion). */
export const fen = () =>
  z
    .number({ message: 'must be an integer number of fen' })
    .int({ message: 'must be an integer number of fen (no decimals)' })
    .min(-1_000_000_000_000, { message: 'is out of range' })
    .max(1_000_000_000_000, { message: 'is out of range' });
export const uuid = () => z.string().uuid({ message: 'must be a UUID' });
/**
 * Characters PostgreSQL cannot store: NUL (refused in text and jsonb) and an unpaired UTF-16
 * surrogate (not valid UTF-8; refused as a jsonb escape). Without this check they reached the
 * database and came back as a 500 (found by tests/reliability fuzzing).
 */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
export const text = (max = 500) =>
  z
    .string()
    .trim()
    .min(1, { message: 'must not be empty' })
    .max(max, { message: `must be at most ${max} characters` })
    .refine((s) => !UNSTORABLE.test(s), { message: 'must not contain NUL characters or unpaired surrogates' });

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path id that is not a UUID names nothing: 404, never a database error. */
export function idOr404(id: string | undefined, what: string): string {
  if (id === undefined || !UUID_RE.test(id)) throw notFound(`${what} ${id ?? ''}`.trim());
  return id.toLowerCase();
}

/**
 * A decimal rate (e.g. 0.06) as integer basis points, exactly: parsed from its decimal digits,
 * never multiplied as a float. More than 4 decimals is refused.
 */
export const rateBasisPoints = (max = 1) =>
  z
    .number({ message: 'must be a decimal rate such as 0.06' })
    .min(0, { message: 'must not be negative' })
    .max(max, { message: `must be at most ${max}` })
    .refine((v) => /^\d+(\.\d{1,4})?$/.test(String(v)), { message: 'must have at most 4 decimals' })
    .transform((v) => {
      const [whole, frac = ''] = String(v).split('.');
      return Number(whole) * 10000 + Number(frac.padEnd(4, '0'));
    });

/** 600 → 0.06: basis points back to the decimal rate the API speaks. */
export function formatBasisPoints(bp: number): number {
  return Number(`${Math.trunc(bp / 10000)}.${String(bp % 10000).padStart(4, '0')}`);
}
