import { expect } from 'chai';
import { ROUTES, routeUrl } from '../src/routing/route.table';
import { call, startHarness, type Harness } from './support/harness';

/** Every (method, path) of API.md, as OpenAPI paths. */
const API_MD_OPERATIONS = [
  'get /healthz',
  'get /readyz',
  'get /metrics',
  'get /docs',
  'post /v1/api-keys',
  'put /v1/clock',
  'get /v1/clock',
  'post /v1/tenants',
  'get /v1/tenants/{id}',
  'get /v1/price-list',
  'put /v1/price-list/{tier}',
  'post /v1/contracts',
  'get /v1/contracts/{id}',
  'post /v1/contracts/{id}/seat-orders',
  'get /v1/contracts',
  'get /v1/contracts/{id}/seat-orders',
  'post /v1/seat-orders/{id}/open',
  'post /v1/seat-orders/{id}/excuse',
  'post /v1/contracts/{id}/outages',
  'post /v1/force-majeure',
  'post /v1/contracts/{id}/terminations',
  'post /v1/contracts/{id}/renewals',
  'post /v1/contracts/{id}/transfers',
  'post /v1/contracts/{id}/one-off-charges',
  'post /v1/calls',
  'post /v1/billing-runs',
  'get /v1/billing-runs/{id}',
  'get /v1/contracts/{id}/upcoming-invoice',
  'get /v1/invoices',
  'get /v1/invoices/{id}',
  'get /v1/invoices/{id}/pdf',
  'post /v1/invoices/{id}/credit-notes',
  'post /v1/payments',
  'post /v1/webhooks/stripe',
  'get /v1/tenants/{id}/statement',
  'get /v1/reports/ar-aging',
  'put /v1/calendar/{year}',
];

describe('gateway: operations, metrics, docs and security headers', () => {
  let h: Harness;
  let base: string;

  before(async () => {
    h = await startHarness('ops');
    base = h.gateway.url;
  });
  after(async () => h?.stop());

  it('serves Prometheus metrics, including upstream latency by service', async () => {
    await call(base, 'GET', '/v1/price-list');
    await call(base, 'GET', '/v1/invoices');
    const res = await call(base, 'GET', '/metrics', { token: null });
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.match(/^text\/plain/);
    expect(res.text).to.match(/^# HELP /m);
    expect(res.text).to.contain('http_request_duration_seconds_bucket');
    expect(res.text).to.match(/http_request_duration_seconds_count\{[^}]*route="\/v1\/price-list"/);
    expect(res.text).to.match(/gateway_upstream_duration_seconds_count\{[^}]*service="contract-service"/);
    expect(res.text).to.match(/gateway_upstream_duration_seconds_count\{[^}]*service="billing-service"/);
  });

  it('serves the reference page at /docs with its assets from this origin', async () => {
    const page = await call(base, 'GET', '/docs', { token: null });
    expect(page.status).to.equal(200);
    expect(page.headers.get('content-type')).to.match(/^text\/html/);
    expect(page.text).to.contain('swagger-ui');
    expect(page.text).not.to.match(/https?:\/\/(?!www\.w3\.org)/); // no CDN
    for (const asset of ['/docs/swagger-ui-bundle.js', '/docs/swagger-ui.css', '/docs/swagger-ui-init.js']) {
      expect(page.text).to.contain(asset);
      const res = await call(base, 'GET', asset, { token: null });
      expect(res.status, asset).to.equal(200);
    }
    const init = await call(base, 'GET', '/docs/swagger-ui-init.js', { token: null });
    expect(init.text).to.contain('/docs/openapi.json');
    expect((await call(base, 'GET', '/docs/', { token: null })).status).to.equal(200);
    // the CSP lets the page load its own scripts and styles and nothing else
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).to.contain("script-src 'self'");
    expect(csp).not.to.contain('upgrade-insecure-requests');
  });

  it('serves an OpenAPI 3.1 document listing every API.md path and every route', async () => {
    const res = await call(base, 'GET', '/docs/openapi.json', { token: null });
    expect(res.status).to.equal(200);
    const doc = res.json;
    expect(doc.openapi).to.match(/^3\.1\./);
    expect(doc.components.securitySchemes.bearerAuth).to.include({ type: 'http', scheme: 'bearer' });
    const operations = new Set<string>();
    for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) {
      for (const method of Object.keys(item)) operations.add(`${method} ${path}`);
    }
    for (const op of API_MD_OPERATIONS) expect(operations, op).to.include(op);
    for (const route of ROUTES) expect(operations).to.include(`${route.method.toLowerCase()} ${route.path.replace(/:(\w+)/g, '{$1}')}`);
    // every POST documents Idempotency-Key; protected operations the bearer scheme and problem answers
    const createContract = doc.paths['/v1/contracts'].post;
    expect(createContract.parameters).to.deep.include({ $ref: '#/components/parameters/IdempotencyKey' });
    expect(createContract.requestBody.content['application/json'].schema).to.deep.equal({ $ref: '#/components/schemas/ContractCreate' });
    expect(createContract.responses['401']).to.deep.equal({ $ref: '#/components/responses/E401' });
    expect(doc.components.responses.E422.content['application/problem+json'].schema).to.deep.equal({ $ref: '#/components/schemas/Problem' });
    expect(doc.paths['/v1/webhooks/stripe'].post.security).to.deep.equal([]);
    // operation ids are unique and every path parameter is declared
    const ids = new Set<string>();
    for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, { operationId: string; parameters?: Array<{ name?: string; in?: string }> }>>)) {
      for (const op of Object.values(item)) {
        expect(ids.has(op.operationId), op.operationId).to.equal(false);
        ids.add(op.operationId);
        for (const [, name] of path.matchAll(/\{(\w+)\}/g)) {
          expect(op.parameters?.some((p) => p.in === 'path' && p.name === name), `${path} ${name}`).to.equal(true);
        }
      }
    }
    // every $ref resolves
    const refs = [...res.text.matchAll(/"\$ref":"#\/components\/(\w+)\/([\w-]+)"/g)];
    for (const [, kind, name] of refs) expect(doc.components[kind!], `${kind}/${name}`).to.have.property(name!);
  });

  it('documents every list the same way: {data, hasMore, nextCursor} and limit, cursor, order (issue 24)', async () => {
    const doc = (await call(base, 'GET', '/docs/openapi.json', { token: null })).json;
    const lists: string[] = [];
    for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>; parameters?: Array<{ name?: string; in?: string; schema?: Record<string, unknown> }> }>>)) {
      const get = item.get;
      const schemaRef = get?.responses['200']?.content?.['application/json']?.schema?.$ref;
      const schema = schemaRef ? doc.components.schemas[schemaRef.split('/').pop()!] : undefined;
      // The price list is a fixed table of the three tiers, not a list that grows.
      if (!schema?.properties?.data || path === '/v1/price-list') continue;
      lists.push(path);
      expect(schema.required, path).to.include.members(['data', 'hasMore', 'nextCursor']);
      const query = (get!.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
      expect(query, path).to.include.members(['limit', 'cursor', 'order']);
      const limit = get!.parameters!.find((p) => p.name === 'limit')!.schema!;
      expect(limit).to.include({ minimum: 1, maximum: 500, default: 50 });
    }
    expect(lists).to.include.members([
      '/v1/tenants', '/v1/contracts', '/v1/contracts/{id}/seat-orders', '/v1/contracts/{id}/outages', '/v1/force-majeure',
      '/v1/invoices', '/v1/credit-notes', '/v1/payments', '/v1/calls', '/v1/billing-runs', '/v1/contracts/{id}/audit-log', '/v1/audit-log', '/v1/api-keys',
    ]);
  });

  it('sets security headers on every answer, forwarded ones included', async () => {
    for (const path of ['/healthz', '/v1/price-list']) {
      const res = await call(base, 'GET', path);
      expect(res.headers.get('x-content-type-options')).to.equal('nosniff');
      expect(res.headers.get('x-frame-options')).to.equal('SAMEORIGIN');
      expect(res.headers.get('content-security-policy')).to.contain("default-src 'self'");
      expect(res.headers.get('x-powered-by')).to.equal(null);
    }
  });

  it('routes every table row somewhere: no route answers the unknown-route 404', async () => {
    for (const route of ROUTES) {
      if (route.path.startsWith('/docs') || route.probe) continue;
      const res = await call(base, route.method, routeUrl(route), route.method === 'GET' || route.method === 'DELETE' ? {} : { body: {} });
      expect(res.json?.detail ?? '', `${route.method} ${route.path}`).not.to.match(/^no route for/);
    }
  });
});
