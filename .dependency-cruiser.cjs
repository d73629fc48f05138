/**
 * The house's boundaries, checked by `npm test` (`npm run boundaries`):
 * - the billing engine is pure: it imports only itself and the kernel's pure modules;
 * - no service imports another (they meet over HTTP, through BillingFacts and /internal routes);
 * - product code imports no test code.
 */
const SERVICES = '(contract-service|billing-service|gateway|assessment-service|console)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'engine-is-pure',
      comment:
        'billing-service/src/engine is functions over plain data (STYLE habit 1): no knex, no clock, no logger, no I/O. ' +
        'It may import itself and the kernel modules money, dates, assert, billing-facts and clauses.',
      severity: 'error',
      from: { path: '^billing-service/src/engine/' },
      to: {
        pathNot: ['^billing-service/src/engine/', '^shared/src/(assert|billing-facts|clauses|dates|money)\\.ts$'],
      },
    },
    {
      name: 'no-service-imports-another',
      comment: 'Services meet over HTTP only (STYLE habit 3); what they share lives in shared/.',
      severity: 'error',
      from: { path: `^${SERVICES}/` },
      to: { path: `^${SERVICES}/`, pathNot: '^$1/' },
    },
    {
      name: 'src-imports-no-test-code',
      comment: 'Product code never depends on tests, their harnesses or the test-only helpers.',
      severity: 'error',
      from: { path: `^(shared|infra|${SERVICES.slice(1, -1)})/src/` },
      to: { path: ['^[^/]+/test/', '^tests/'] },
    },
    {
      name: 'shared-is-the-kernel',
      comment: 'shared/ is below every service: it imports none of them.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: `^(${SERVICES.slice(1, -1)}|infra|tests)/` },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.d\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
