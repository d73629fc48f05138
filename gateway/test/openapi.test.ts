/**
 * The drift test (decision 0056): the OpenAPI document is generated from the zod schemas in
 * shared/src/api, so it can only fall behind the API in three ways, and each fails here:
 * - a route-table row without its entry (its request and its answer) in the document builder;
 * - an entry that says less than the route takes: a path parameter, a query or a body left out;
 * - a service validating a public request with a schema of its own, outside shared/src/api,
 *   which the document would never see.
 * Pure: it builds the document in-process and reads the sources; no database, no services.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { z } from 'zod';
import { apiComponents } from '@seatlease/shared/src/api';
import { buildOpenApiDocument, OPERATIONS, PATH_PARAMS } from '../src/openapi';
import { ROUTES } from '../src/routing/route.table';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const key = (route: { method: string; path: string }) => `${route.method} ${route.path}`;
const openApiPath = (path: string) => path.replace(/:([A-Za-z]+)/g, '{$1}');
const TAKES_BODY = new Set(['POST', 'PUT', 'PATCH']);

describe('the OpenAPI document, generated from the schemas the services validate with', () => {
  const doc = buildOpenApiDocument() as Json;

  it('has an entry for every route-table row, and none for a route that does not exist', () => {
    const rows = new Set(ROUTES.map(key));
    const missing = [...rows].filter((k) => !(k in OPERATIONS));
    const stale = Object.keys(OPERATIONS).filter((k) => !rows.has(k));
    expect(missing, 'rows of gateway/src/routing/route.table.ts without an entry in OPERATIONS (gateway/src/openapi.ts)').to.deep.equal([]);
    expect(stale, 'entries in OPERATIONS for routes the table does not have').to.deep.equal([]);
  });

  it('says for every route what it reads: its query (GET, DELETE) or its body (POST, PUT, PATCH), or that it reads none', () => {
    const undeclared: string[] = [];
    for (const route of ROUTES) {
      const entry = OPERATIONS[key(route)];
      if (!entry) continue; // reported by the test above
      if (TAKES_BODY.has(route.method) && !('body' in entry)) undeclared.push(`${key(route)}: body (its schema, or false)`);
      if (!TAKES_BODY.has(route.method) && !('query' in entry)) undeclared.push(`${key(route)}: query (its schema, or false)`);
    }
    expect(undeclared).to.deep.equal([]);
  });

  it('documents every row with its request (path, query, body) and its answer shape', () => {
    const gaps: string[] = [];
    for (const route of ROUTES) {
      const entry = OPERATIONS[key(route)];
      const op = doc.paths[openApiPath(route.path)]?.[route.method.toLowerCase()] as Json | undefined;
      if (!entry || !op) {
        gaps.push(`${key(route)}: not in the document`);
        continue;
      }
      const params = (op.parameters ?? []) as Json[];
      for (const [, name] of route.path.matchAll(/:([A-Za-z]+)/g)) {
        const p = params.find((x) => x.in === 'path' && x.name === name);
        if (!p || !(name! in PATH_PARAMS) || Object.keys(p.schema ?? {}).length === 0) gaps.push(`${key(route)}: path parameter :${name} without its schema`);
      }
      if (entry.query) {
        for (const name of Object.keys(entry.query.shape)) {
          if (!params.some((x) => x.in === 'query' && x.name === name && x.schema)) gaps.push(`${key(route)}: query parameter ${name} not documented`);
        }
      }
      if (entry.body) {
        const content = op.requestBody?.content as Record<string, Json> | undefined;
        if (!content || Object.values(content).some((c) => !c.schema)) gaps.push(`${key(route)}: no request body shape`);
        if (content?.['application/json'] && !content['application/json'].schema?.$ref) gaps.push(`${key(route)}: its JSON body is not a named component`);
      }
      const success = op.responses?.[String(entry.ok.status)] as Json | undefined;
      if (!success) gaps.push(`${key(route)}: no ${entry.ok.status} answer`);
      else if (entry.ok.status !== 204 && !Object.values((success.content ?? {}) as Record<string, Json>).some((c) => c.schema)) gaps.push(`${key(route)}: its answer has no shape`);
    }
    expect(gaps).to.deep.equal([]);
  });

  it('takes every request body and answer shape from the zod schemas of shared/src/api', () => {
    const schemas = doc.components.schemas as Record<string, Json>;
    const generated = z.toJSONSchema(apiComponents, { io: 'input', unrepresentable: 'any', uri: (id) => `#/components/schemas/${id}` }).schemas as Record<string, Json>;
    for (const [k, entry] of Object.entries(OPERATIONS)) {
      const bodies = entry.body ? (entry.body instanceof z.ZodType ? [entry.body] : Object.values(entry.body.content)) : [];
      for (const schema of [...bodies, ...(entry.ok.schema ? [entry.ok.schema] : [])]) {
        const name = apiComponents.get(schema)?.id;
        if (!name) continue; // an unnamed shape (a CSV, a PDF) is written inline from its zod schema
        const { $schema: _s, $id: _i, ...expected } = generated[name]!;
        // The same schema, but for the ±(2^53 − 1) bounds zod puts on every integer.
        const unbounded = JSON.parse(JSON.stringify(expected, (k, v) => ((k === 'minimum' && v === Number.MIN_SAFE_INTEGER) || (k === 'maximum' && v === Number.MAX_SAFE_INTEGER) ? undefined : v)));
        expect(schemas[name], `${k}: ${name}`).to.deep.equal(unbounded);
      }
    }
  });

  it('renders request bodies exactly as their schema: a strict body refuses other fields, a required field is required', () => {
    const create = doc.components.schemas.ContractCreate as Json;
    expect(create.additionalProperties).to.equal(false);
    expect(create.required).to.include.members(['tenantId', 'seatTier', 'startMonth', 'termMonths', 'seats', 'openingDate']);
    expect(create.required).not.to.include('seatFee');
    expect(create.properties.termMonths).to.include({ type: 'integer', minimum: 1, maximum: 120 });
    // Answers list their fields without refusing others: the API grows by adding (API.md).
    expect(doc.components.schemas.Contract.additionalProperties).to.equal(undefined);
  });

  it('finds no request schema in the services outside shared/src/api, but for their /internal routes', () => {
    // Schemas that validate /internal routes (service to service, not in the document): how many
    // each file may hold. One more in these files is a public schema in the wrong place.
    const INTERNAL_ONLY: Record<string, number> = {
      'contract-service/src/tenants/bill-parties.ts': 1, // GET /internal/bill-parties
      'contract-service/src/facts/billing-facts-page.ts': 3, // GET /internal/billing-facts (its page query)
      'contract-service/src/contracts/suspend-contract.ts': 2, // POST /internal/contracts/:id/suspend, /resume
      'contract-service/src/seat-log/seat-hours.ts': 1, // GET /internal/contracts/:id/seat-hours
      'contract-service/src/seat-log/staffed-shifts.ts': 1, // GET /internal/tenants/:id/staffed-shifts
      'billing-service/src/usage/seat-call-counts.ts': 2, // POST /internal/seat-call-counts (its body and one interval)
      'billing-service/src/routes.ts': 3, // POST /internal/contracts/:id/void-corrections, /internal/deposits/held, /internal/scheduler/advance
      'billing-service/src/notices/incident-notices.ts': 3, // POST /internal/notices
    };
    const SCHEMA_CALL = /\bz\s*\.\s*(object|strictObject|looseObject|discriminatedUnion)\s*\(|\blistQuery\s*\(/g;
    const offenders: string[] = [];
    const walk = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => {
        const path = join(dir, name);
        return statSync(path).isDirectory() ? walk(path) : path.endsWith('.ts') ? [path] : [];
      });
    for (const pkg of ['contract-service', 'billing-service', 'assessment-service', 'gateway']) {
      for (const file of walk(join(REPO, pkg, 'src'))) {
        const rel = relative(REPO, file).split('\\').join('/');
        const text = readFileSync(file, 'utf8');
        const found = [...text.matchAll(SCHEMA_CALL)];
        if (found.length <= (INTERNAL_ONLY[rel] ?? 0)) continue;
        for (const m of found) {
          const line = text.slice(0, m.index).split('\n').length;
          offenders.push(`${rel}:${line}: ${text.split('\n')[line - 1]!.trim()}`);
        }
      }
    }
    expect(offenders, 'request schemas belong in shared/src/api (one file per resource), where the document is generated from').to.deep.equal([]);
  });
});
