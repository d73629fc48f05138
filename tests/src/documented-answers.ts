/**
 * Whether an answer is what the API reference says it is (decision 0056): the answer's zod shape
 * from shared/src/api, found through the route table and the document builder's entry for the
 * route. An answer fails when it breaks its shape (a missing required field, a wrong type) or
 * carries a field the shape does not name (the reference would say less than the API does).
 */
import { z } from 'zod';
import { OPERATIONS } from '@seatlease/gateway/src/openapi';
import { ROUTES, type RouteSpec } from '@seatlease/gateway/src/routing/route.table';

const MATCHERS = ROUTES.map((route) => ({ route, re: new RegExp(`^${route.path.replace(/:([A-Za-z]+)/g, '[^/]+')}$`) }));

/** The route-table row a request reaches (the first that matches, as the gateway mounts them). */
export function routeOf(method: string, url: string): RouteSpec | undefined {
  const path = url.split('?')[0]!;
  return MATCHERS.find((m) => m.route.method === method.toUpperCase() && m.re.test(path))?.route;
}

type Def = { type: string; [k: string]: unknown };
const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** The fields of `value` that `schema` does not name, as paths (`data[0].lines[2].extra`). */
export function undocumentedFields(schema: z.ZodType, value: unknown, path = ''): string[] {
  const def = defOf(schema);
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'nonoptional':
    case 'catch':
      return value === undefined || value === null ? [] : undocumentedFields(def.innerType as z.ZodType, value, path);
    case 'pipe':
      return undocumentedFields(def.in as z.ZodType, value, path);
    case 'array':
      return Array.isArray(value) ? value.flatMap((v, i) => undocumentedFields(def.element as z.ZodType, v, `${path}[${i}]`)) : [];
    case 'record':
      return value && typeof value === 'object' ? Object.entries(value).flatMap(([k, v]) => undocumentedFields(def.valueType as z.ZodType, v, `${path}.${k}`)) : [];
    case 'object': {
      if (!value || typeof value !== 'object' || Array.isArray(value)) return [];
      const shape = def.shape as Record<string, z.ZodType>;
      return Object.entries(value).flatMap(([k, v]) => (k in shape ? undocumentedFields(shape[k]!, v, `${path}.${k}`) : [`${path}.${k}`]));
    }
    case 'intersection': {
      // Each side names some fields: a field is undocumented when neither names it.
      const left = new Set(undocumentedFields(def.left as z.ZodType, value, path));
      return undocumentedFields(def.right as z.ZodType, value, path).filter((p) => left.has(p));
    }
    case 'union': {
      // The option that explains the most of the value.
      const options = (def.options as z.ZodType[]).filter((o) => o.safeParse(value).success);
      const fits = (options.length ? options : (def.options as z.ZodType[])).map((o) => undocumentedFields(o, value, path));
      return fits.reduce((best, f) => (f.length < best.length ? f : best));
    }
    default:
      return [];
  }
}

/** What is wrong with an answer against the reference; empty when it is as documented (or not JSON). */
export function answerDrift(method: string, url: string, body: unknown): string[] {
  const route = routeOf(method, url);
  if (!route) return [`${method} ${url}: no route-table row`];
  const entry = OPERATIONS[`${route.method} ${route.path}`];
  const schema = entry?.ok.schema;
  if (!schema || (entry.ok.contentType && entry.ok.contentType !== 'application/json')) return [];
  const where = `${route.method} ${route.path}`;
  const parsed = schema.safeParse(body);
  const broken = parsed.success ? [] : parsed.error.issues.map((i) => `${where}: ${i.path.join('.') || '(answer)'} ${i.message}`);
  return [...broken, ...undocumentedFields(schema, body).map((p) => `${where}: ${p || '(answer)'} is not in the reference`)];
}
