/**
 * The gateway's route table: every public (method, path) pair, who may call it and which
 * process serves it. It is plain data on purpose: the gateway app mounts one Express route per
 * row, the OpenAPI document lists every row, and the reliability sweep iterates over it.
 * To publish a new endpoint, add one row here (and, for a nicer reference page, its entry in
 * openapi.ts).
 */
import type { Role } from '@seatlease/shared';
import type { ComposeKind } from '../compose/contract-answers';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type ServiceName = 'gateway' | 'contract-service' | 'billing-service' | 'assessment-service';

/** Operations the gateway answers itself (rows with `service: 'gateway'`). */
export type LocalOperation =
  | 'healthz'
  | 'readyz'
  | 'metrics'
  | 'docs'
  | 'openapi'
  | 'problemIndex'
  | 'clauses'
  | 'problemPage'
  | 'createApiKey'
  | 'listApiKeys'
  | 'revokeApiKey'
  | 'createSession'
  | 'readSession'
  | 'endSession'
  | 'readClock'
  | 'advanceClock';

export interface RouteSpec {
  method: HttpMethod;
  /** Express path pattern; parameters are `:name`. */
  path: string;
  service: ServiceName;
  /** The roles that may call it, or `public` for no token at all. */
  access: readonly Role[] | 'public';
  /** For `service: 'gateway'`: which local handler answers. */
  operation?: LocalOperation;
  /** How the body is read: `json` (1 MB, syntax checked), `raw` (1 MB, forwarded byte for byte), `csv-stream` (JSON up to 1 MB, or `text/csv` streamed up to 64 MB). */
  body?: 'json' | 'raw' | 'csv-stream';
  /** Extra request headers forwarded to the service (besides the standard set). */
  forwardHeaders?: readonly string[];
  /** Exists only when SEATLEASE_TEST_CLOCK is on; otherwise answers 404. */
  testClockOnly?: boolean;
  /** Health probes and metrics are never rate limited (orchestrators poll them). */
  probe?: boolean;
  /**
   * Every POST says how a retry with the same Idempotency-Key is kept from writing twice (a test
   * fails for a POST without it): `recorded` — the service records the key, the request's hash and
   * its answer in the write's own transaction (shared/src/idempotency.ts), so a retry after a lost
   * answer gets the first answer back; `{ natural }` — the request cannot write twice by what it
   * is, and why; `{ gatewayOnly }` — not adopted yet: only the gateway's store protects it, so a
   * retry after a lost answer may write twice (tests/test/exactly-once.test.ts lists these routes
   * and fails for any other).
   */
  idempotency?: 'recorded' | { natural: string } | { gatewayOnly: string };
  /**
   * The answer needs billing-service's part, which the gateway adds (compose/contract-answers.ts,
   * decision 0062): the deposit held on each contract, the opening bill of a signing, the
   * corrections of a void.
   */
  compose?: ComposeKind;
  /** One line for the reference page. */
  summary: string;
  tag: string;
}

const STAFF: readonly Role[] = ['staff'];
const STAFF_TENANT: readonly Role[] = ['staff', 'tenant_finance'];
const STAFF_SCHEDULER: readonly Role[] = ['staff', 'scheduler'];
/** Seat operations (issue 16): every tenant role reads its own tenant's; supervisors write the shift log. */
const STAFF_ANY_TENANT_ROLE: readonly Role[] = ['staff', 'tenant_finance', 'tenant_supervisor', 'agent'];
const STAFF_SUPERVISOR: readonly Role[] = ['staff', 'tenant_supervisor'];
const STAFF_FINANCE_SUPERVISOR: readonly Role[] = ['staff', 'tenant_finance', 'tenant_supervisor'];
/** Reading the test clock: every role (the console shows every person "today" as the system sees it). */
const CLOCK_READERS: readonly Role[] = ['staff', 'tenant_finance', 'tenant_supervisor', 'agent', 'scheduler'];
/** The people who may sign in to the console (scheduler keys are for machines). */
const CONSOLE: readonly Role[] = ['staff', 'tenant_finance', 'tenant_supervisor', 'agent'];
/** Assessment: supervisors record and publish for their own tenant; agents read their own records. */
const SUPERVISE: readonly Role[] = STAFF_SUPERVISOR;
const PEOPLE: readonly Role[] = ['staff', 'tenant_supervisor', 'agent'];

const C = 'contract-service' as const;
const B = 'billing-service' as const;
const G = 'gateway' as const;
const A = 'assessment-service' as const;

export const ROUTES: readonly RouteSpec[] = [
  // Operations: no token.
  { method: 'GET', path: '/healthz', service: G, access: 'public', operation: 'healthz', probe: true, tag: 'Operations', summary: 'The gateway process is up' },
  { method: 'GET', path: '/readyz', service: G, access: 'public', operation: 'readyz', probe: true, tag: 'Operations', summary: 'The database and both services are reachable' },
  { method: 'GET', path: '/metrics', service: G, access: 'public', operation: 'metrics', probe: true, tag: 'Operations', summary: 'Prometheus metrics' },
  { method: 'GET', path: '/docs', service: G, access: 'public', operation: 'docs', tag: 'Operations', summary: 'API reference page' },
  { method: 'GET', path: '/docs/openapi.json', service: G, access: 'public', operation: 'openapi', tag: 'Operations', summary: 'This OpenAPI document' },
  { method: 'GET', path: '/docs/clauses', service: G, access: 'public', operation: 'clauses', tag: 'Operations', summary: 'The clause reference: every clause a bill cites, with its rule, formula and an example' },
  { method: 'GET', path: '/docs/problems', service: G, access: 'public', operation: 'problemIndex', tag: 'Operations', summary: 'Every problem type the API answers' },
  { method: 'GET', path: '/docs/problems/:kind', service: G, access: 'public', operation: 'problemPage', tag: 'Operations', summary: 'What a problem type means and what to do' },

  // Gateway: API keys and the test clock.
  { method: 'POST', path: '/v1/api-keys', idempotency: 'recorded', service: G, access: STAFF, operation: 'createApiKey', tag: 'API keys', summary: 'Create an API key (the token is shown once)' },
  { method: 'GET', path: '/v1/api-keys', service: G, access: STAFF, operation: 'listApiKeys', tag: 'API keys', summary: 'List API keys (never their tokens)' },
  { method: 'DELETE', path: '/v1/api-keys/:id', service: G, access: STAFF, operation: 'revokeApiKey', tag: 'API keys', summary: 'Revoke an API key' },
  { method: 'POST', path: '/v1/sessions', idempotency: { natural: 'signing in only makes a session for the key it is given; it is public (no API key to scope an Idempotency-Key to) and bills nothing' }, service: G, access: 'public', operation: 'createSession', tag: 'Console sessions', summary: 'Sign in to the console: exchange an API key for a session cookie' },
  { method: 'GET', path: '/v1/sessions/current', service: G, access: CONSOLE, operation: 'readSession', tag: 'Console sessions', summary: 'The console session of this request (role, tenant, CSRF token)' },
  { method: 'DELETE', path: '/v1/sessions/current', service: G, access: CONSOLE, operation: 'endSession', tag: 'Console sessions', summary: 'Sign out: end the console session' },
  { method: 'GET', path: '/v1/clock', service: G, access: CLOCK_READERS, operation: 'readClock', testClockOnly: true, tag: 'Clock', summary: 'Read the test clock' },
  { method: 'PUT', path: '/v1/clock', service: G, access: STAFF, operation: 'advanceClock', testClockOnly: true, tag: 'Clock', summary: 'Move the test clock forward and run every job due' },

  // contract-service
  { method: 'POST', path: '/v1/tenants', idempotency: 'recorded', service: C, access: STAFF, tag: 'Tenants', summary: 'Create a tenant' },
  { method: 'GET', path: '/v1/tenants', service: C, access: STAFF_TENANT, tag: 'Tenants', summary: 'List tenants (q= searches the name and contract numbers; tenant_finance: its own)' },
  { method: 'PATCH', path: '/v1/tenants/:id', service: C, access: STAFF_TENANT, tag: 'Tenants', summary: "Change a tenant's name or billing emails (tenant_finance: its own billing emails only)" },
  { method: 'GET', path: '/v1/tenants/:id', service: C, access: STAFF_TENANT, tag: 'Tenants', summary: 'Read a tenant (tenant_finance: its own)' },
  { method: 'PUT', path: '/v1/tenants/:id/invoicing-profile', service: C, access: STAFF_TENANT, tag: 'Tenants', summary: "Set the tenant's invoicing profile (开票信息) its fapiao are made out to" },
  { method: 'GET', path: '/v1/price-list', service: C, access: STAFF, tag: 'Price list', summary: 'Read the price list by seat tier' },
  { method: 'PUT', path: '/v1/price-list/:tier', service: C, access: STAFF, tag: 'Price list', summary: 'Set the price of a seat tier' },
  { method: 'POST', path: '/v1/contracts', idempotency: 'recorded', service: C, compose: 'signing', access: STAFF, tag: 'Contracts', summary: 'Sign a contract (issues the opening bill)' },
  { method: 'GET', path: '/v1/contracts', service: C, compose: 'page', access: STAFF_TENANT, tag: 'Contracts', summary: 'List contracts' },
  { method: 'GET', path: '/v1/contracts/:id', service: C, compose: 'contract', access: STAFF_TENANT, tag: 'Contracts', summary: 'Read a contract' },
  { method: 'POST', path: '/v1/contracts/:id/seat-orders', idempotency: 'recorded', service: C, access: STAFF, tag: 'Seats', summary: 'Order seats added or returned' },
  { method: 'GET', path: '/v1/contracts/:id/seat-orders', service: C, access: STAFF_TENANT, tag: 'Seats', summary: "List a contract's seat orders" },
  { method: 'POST', path: '/v1/seat-orders/:id/open', idempotency: 'recorded', service: C, access: STAFF, tag: 'Seats', summary: 'Record the actual opening date of a seat order' },
  { method: 'POST', path: '/v1/seat-orders/:id/excuse', idempotency: 'recorded', service: C, access: STAFF, tag: 'Seats', summary: 'Excuse a late opening (resources unavailable)' },
  { method: 'POST', path: '/v1/seat-orders/:id/void', idempotency: { natural: 'voiding is idempotent: asking again answers 200 with the same voided record and voids nothing more' }, service: C, access: STAFF, tag: 'Seats', summary: 'Void a seat order entered by mistake, before it takes effect' },
  { method: 'POST', path: '/v1/contracts/:id/outages', idempotency: 'recorded', service: C, access: STAFF, tag: 'Outages', summary: 'Record an outage' },
  { method: 'GET', path: '/v1/contracts/:id/outages', service: C, access: STAFF_TENANT, tag: 'Outages', summary: "List a contract's outages" },
  { method: 'GET', path: '/v1/force-majeure', service: C, access: STAFF_TENANT, tag: 'Outages', summary: 'List force-majeure events (contractId= those covering a contract)' },
  { method: 'POST', path: '/v1/force-majeure', idempotency: 'recorded', service: C, access: STAFF, tag: 'Outages', summary: 'Record a force-majeure event' },
  { method: 'POST', path: '/v1/outages/:id/void', idempotency: { natural: 'voiding is idempotent: asking again answers 200 with the same voided record and voids nothing more' }, service: C, compose: 'void', access: STAFF, tag: 'Outages', summary: 'Void an outage entered by mistake' },
  { method: 'POST', path: '/v1/force-majeure/:id/void', idempotency: { natural: 'voiding is idempotent: asking again answers 200 with the same voided record and voids nothing more' }, service: C, compose: 'void', access: STAFF, tag: 'Outages', summary: 'Void a force-majeure claim entered by mistake' },
  { method: 'POST', path: '/v1/contracts/:id/terminations', idempotency: 'recorded', service: C, access: STAFF, tag: 'Contracts', summary: 'Terminate a contract' },
  { method: 'POST', path: '/v1/contracts/:id/renewals', idempotency: 'recorded', service: C, compose: 'renewal', access: STAFF, tag: 'Contracts', summary: 'Renew a contract' },
  { method: 'POST', path: '/v1/contracts/:id/transfers', idempotency: 'recorded', service: C, access: STAFF, tag: 'Contracts', summary: 'Transfer a contract to another tenant' },
  { method: 'POST', path: '/v1/contracts/:id/one-off-charges', idempotency: 'recorded', service: C, access: STAFF, tag: 'Contracts', summary: 'Add a one-off charge or credit' },
  { method: 'POST', path: '/v1/one-off-charges/:id/void', idempotency: { natural: 'voiding is idempotent: asking again answers 200 with the same voided record and voids nothing more' }, service: C, compose: 'void', access: STAFF, tag: 'Contracts', summary: 'Void a one-off charge or credit entered by mistake' },
  { method: 'GET', path: '/v1/contracts/:id/audit-log', service: C, access: STAFF, tag: 'Contracts', summary: "Read a contract's audit log" },
  { method: 'POST', path: '/v1/incidents', idempotency: 'recorded', service: C, access: STAFF, tag: 'Incidents', summary: 'Open a live incident (major: warns every affected tenant at once)' },
  { method: 'GET', path: '/v1/incidents', service: C, access: STAFF, tag: 'Incidents', summary: 'List incidents, newest first' },
  { method: 'GET', path: '/v1/incidents/:id', service: C, access: STAFF, tag: 'Incidents', summary: 'Read an incident and its notices' },
  { method: 'PATCH', path: '/v1/incidents/:id', service: C, access: STAFF, tag: 'Incidents', summary: 'Correct an open incident' },
  { method: 'POST', path: '/v1/incidents/:id/resolve', idempotency: 'recorded', service: C, access: STAFF, tag: 'Incidents', summary: 'Resolve an incident: its outage records credit the next bill' },
  { method: 'GET', path: '/v1/tenants/:id/incidents', service: C, access: STAFF_ANY_TENANT_ROLE, tag: 'Incidents', summary: "A tenant's incident status (tenant roles: their own)" },
  { method: 'POST', path: '/v1/contracts/:id/seat-log', idempotency: 'recorded', service: C, access: STAFF_SUPERVISOR, tag: 'Seat log', summary: 'Record a seat opened, closed or failing to open, or a shift handover' },
  { method: 'GET', path: '/v1/contracts/:id/seat-log', service: C, access: STAFF_ANY_TENANT_ROLE, tag: 'Seat log', summary: "List a contract's seat log" },
  { method: 'POST', path: '/v1/seat-log/:id/incident', idempotency: 'recorded', service: C, access: STAFF_SUPERVISOR, tag: 'Seat log', summary: 'Turn a seat that failed to open into an incident' },
  { method: 'GET', path: '/v1/audit-log', service: C, access: STAFF, tag: 'Contracts', summary: 'The audit log of tenants, prices, contracts and events' },

  // billing-service
  { method: 'GET', path: '/v1/contracts/:id/upcoming-invoice', service: B, access: STAFF_TENANT, tag: 'Invoices', summary: 'Preview the bill for a period (nothing stored)' },
  { method: 'GET', path: '/v1/calls', service: B, access: STAFF_TENANT, tag: 'Calls', summary: "List a contract's call records (?contractId=)" },
  { method: 'POST', path: '/v1/calls', idempotency: { natural: 'a call is stored once by its id; a repeated row is counted as a duplicate, never billed twice' }, service: B, access: STAFF, body: 'csv-stream', tag: 'Calls', summary: 'Import call detail records (JSON or CSV)' },
  { method: 'POST', path: '/v1/calls/:id/void', idempotency: { natural: 'voiding is idempotent: asking again answers 200 with the same voided record and voids nothing more' }, service: B, access: STAFF, tag: 'Calls', summary: 'Void a call record not billed yet, so that a corrected one can be imported' },
  { method: 'POST', path: '/v1/billing-runs', idempotency: { natural: 'one run per period: asking again answers the same run, resumed if it was interrupted' }, service: B, access: STAFF_SCHEDULER, tag: 'Billing runs', summary: 'Run billing for a period' },
  { method: 'GET', path: '/v1/billing-runs', service: B, access: STAFF_SCHEDULER, tag: 'Billing runs', summary: 'List billing runs' },
  { method: 'GET', path: '/v1/billing-runs/:id', service: B, access: STAFF_SCHEDULER, tag: 'Billing runs', summary: 'Read a billing run' },
  { method: 'GET', path: '/v1/invoices', service: B, access: STAFF_TENANT, tag: 'Invoices', summary: 'List bills (账单)' },
  { method: 'GET', path: '/v1/invoices/export', service: B, access: STAFF_TENANT, tag: 'Exports', summary: 'Bills (or their lines) as CSV or XLSX, with the list’s filters' },
  { method: 'GET', path: '/v1/invoices/:id', service: B, access: STAFF_TENANT, tag: 'Invoices', summary: 'Read a bill' },
  { method: 'GET', path: '/v1/invoices/:id/pdf', service: B, access: STAFF_TENANT, tag: 'Invoices', summary: 'Download the bill PDF (账单 / 付款通知书)' },
  { method: 'GET', path: '/v1/credit-notes', service: B, access: STAFF_TENANT, tag: 'Invoices', summary: 'List credit notes' },
  { method: 'GET', path: '/v1/credit-notes/:id', service: B, access: STAFF_TENANT, tag: 'Invoices', summary: 'Read a credit note' },
  { method: 'POST', path: '/v1/invoices/:id/credit-notes', idempotency: 'recorded', service: B, access: STAFF, tag: 'Invoices', summary: 'Issue a credit note against a bill' },
  { method: 'POST', path: '/v1/payments', idempotency: 'recorded', service: B, access: STAFF, tag: 'Payments', summary: 'Record a bank transfer' },
  { method: 'POST', path: '/v1/payments/:id/reverse', idempotency: { natural: 'a payment is reversed once: asking again answers the same reversed payment and reverses nothing more' }, service: B, access: STAFF, tag: 'Payments', summary: 'Reverse a payment recorded by mistake (reopens what it paid)' },
  { method: 'GET', path: '/v1/payments/export', service: B, access: STAFF_TENANT, tag: 'Exports', summary: 'Payments as CSV or XLSX, with the list’s filters' },
  { method: 'GET', path: '/v1/payments', service: B, access: STAFF_TENANT, tag: 'Payments', summary: 'List payments' },
  { method: 'GET', path: '/v1/payments/stripe-config', service: B, access: STAFF_TENANT, tag: 'Payments', summary: 'Whether card and Alipay/WeChat Pay payments are on here, and the publishable key for Stripe’s Payment Element' },
  { method: 'POST', path: '/v1/payments/stripe-intents', idempotency: { natural: 'one PaymentIntent per invoice, amount due and method (Stripe idempotency key); nothing is booked until its webhook' }, service: B, access: STAFF_TENANT, tag: 'Payments', summary: 'Start a card or Alipay payment (Stripe)' },
  { method: 'POST', path: '/v1/webhooks/stripe', idempotency: { natural: 'each Stripe event is recorded once by its id' }, service: B, access: 'public', body: 'raw', forwardHeaders: ['stripe-signature'], tag: 'Payments', summary: 'Stripe webhook (signature checked by billing)' },
  { method: 'GET', path: '/v1/fapiao-requests', service: B, access: STAFF, tag: 'Fapiao', summary: 'List fapiao requests (blue for paid bills, 红字 for credit notes)' },
  { method: 'GET', path: '/v1/fapiao-requests/export', service: B, access: STAFF, tag: 'Fapiao', summary: "Export pending requests as the tax platform's batch-issuance workbook (xlsx) or CSV" },
  { method: 'POST', path: '/v1/fapiao-requests/:id/issued', idempotency: { natural: 'recording the same fapiao number and date again answers the same request; another number or date is a 409' }, service: B, access: STAFF, tag: 'Fapiao', summary: "Record the fapiao the tax platform issued for a request" },
  { method: 'GET', path: '/v1/tenants/:id/statement', service: B, access: STAFF_TENANT, tag: 'Reports', summary: "A tenant's statement of account" },
  { method: 'GET', path: '/v1/tenants/:id/statement/export', service: B, access: STAFF_TENANT, tag: 'Exports', summary: "A tenant's statement of account as CSV or XLSX" },
  { method: 'GET', path: '/v1/reports/ar-aging/export', service: B, access: STAFF, tag: 'Exports', summary: 'Accounts receivable aging as CSV or XLSX' },
  { method: 'GET', path: '/v1/reports/ar-aging', service: B, access: STAFF, tag: 'Reports', summary: 'Accounts receivable aging' },
  { method: 'PUT', path: '/v1/calendar/:year', service: B, access: STAFF, tag: 'Calendar', summary: "Load a year's official holidays and make-up working days" },
  { method: 'GET', path: '/v1/calendar/:year', service: B, access: STAFF, tag: 'Calendar', summary: "Read a year's working-day calendar" },
  { method: 'GET', path: '/v1/contracts/:id/traffic', service: B, access: STAFF_FINANCE_SUPERVISOR, tag: 'Reports', summary: "A contract's monthly traffic report (JSON, CSV or PDF)" },
  { method: 'GET', path: '/v1/deposits', service: B, access: STAFF_TENANT, tag: 'Payments', summary: "A contract's deposit ledger (?contractId=)" },

  // assessment-service: the seed's agent scorecard (坐席员考核细则)
  { method: 'GET', path: '/v1/assessment-catalogue', service: A, access: PEOPLE, tag: 'Assessment', summary: 'The item catalogue in force for a month (every item, its clause and points)' },
  { method: 'POST', path: '/v1/assessment-catalogue/versions', idempotency: 'recorded', service: A, access: STAFF, tag: 'Assessment', summary: 'Start a new catalogue version from a month on (published months keep theirs)' },
  { method: 'POST', path: '/v1/agents', idempotency: 'recorded', service: A, access: SUPERVISE, tag: 'Assessment', summary: 'Register an agent (受理员, 派遣员, 值班长, 指挥长; at most two roles)' },
  { method: 'GET', path: '/v1/agents', service: A, access: PEOPLE, tag: 'Assessment', summary: 'List agents (an agent: itself)' },
  { method: 'GET', path: '/v1/agents/:id', service: A, access: PEOPLE, tag: 'Assessment', summary: 'Read an agent' },
  { method: 'GET', path: '/v1/agents/:id/scorecard-preview', service: A, access: PEOPLE, tag: 'Assessment', summary: "Preview an agent's month as it stands (nothing stored)" },
  { method: 'POST', path: '/v1/assessment-events', idempotency: 'recorded', service: A, access: SUPERVISE, tag: 'Assessment', summary: 'Record an assessment event (an item, a day, a count)' },
  { method: 'GET', path: '/v1/assessment-events', service: A, access: PEOPLE, tag: 'Assessment', summary: 'List assessment events' },
  { method: 'POST', path: '/v1/assessment-events/:id/void', idempotency: 'recorded', service: A, access: SUPERVISE, tag: 'Assessment', summary: 'Void an event recorded by mistake (unpublished months only)' },
  { method: 'POST', path: '/v1/workdays', idempotency: 'recorded', service: A, access: SUPERVISE, tag: 'Assessment', summary: 'Record a day on duty in a role and the cases handled' },
  { method: 'GET', path: '/v1/workdays', service: A, access: PEOPLE, tag: 'Assessment', summary: 'List recorded workdays' },
  { method: 'POST', path: '/v1/workdays/:id/void', idempotency: 'recorded', service: A, access: SUPERVISE, tag: 'Assessment', summary: 'Void a workday recorded by mistake (unpublished months only)' },
  { method: 'POST', path: '/v1/assessment-publications', idempotency: 'recorded', service: A, access: SUPERVISE, tag: 'Assessment', summary: "Publish a tenant's month: every agent's scorecard, immutable" },
  { method: 'GET', path: '/v1/scorecards', service: A, access: PEOPLE, tag: 'Assessment', summary: 'List published scorecards (an agent: its own)' },
  { method: 'GET', path: '/v1/scorecards/export', service: A, access: SUPERVISE, tag: 'Assessment', summary: "A tenant's month as CSV: agents × items, the current version of each scorecard" },
  { method: 'GET', path: '/v1/scorecards/:id/pdf', service: A, access: PEOPLE, tag: 'Assessment', summary: 'Download a scorecard as PDF' },
  { method: 'GET', path: '/v1/scorecards/:id', service: A, access: PEOPLE, tag: 'Assessment', summary: 'Read a published scorecard' },
  { method: 'POST', path: '/v1/scorecards/:id/appeals', idempotency: 'recorded', service: A, access: PEOPLE, tag: 'Assessment', summary: 'Appeal a scorecard (within 2 days of publication)' },
  { method: 'GET', path: '/v1/appeals', service: A, access: PEOPLE, tag: 'Assessment', summary: 'List appeals' },
  { method: 'GET', path: '/v1/appeals/:id', service: A, access: PEOPLE, tag: 'Assessment', summary: 'Read an appeal' },
  { method: 'POST', path: '/v1/year-end-evaluations', idempotency: 'recorded', service: A, access: SUPERVISE, tag: 'Assessment', summary: "Record an agent's year-end evaluation (年终测评)" },
  { method: 'GET', path: '/v1/agents/:id/years/:year', service: A, access: PEOPLE, tag: 'Assessment', summary: "An agent's year: the months, the year-end evaluation, the band and the two-failing-years flag" },
  { method: 'GET', path: '/v1/tenants/:id/assessment-settings', service: A, access: SUPERVISE, tag: 'Assessment', summary: "A tenant's year bands and year-end weight" },
  { method: 'PUT', path: '/v1/tenants/:id/assessment-settings', service: A, access: SUPERVISE, tag: 'Assessment', summary: "Set a tenant's year bands and year-end weight" },
  { method: 'POST', path: '/v1/appeals/:id/decision', idempotency: 'recorded', service: A, access: SUPERVISE, tag: 'Assessment', summary: 'Answer an appeal: refused, or upheld with a corrected scorecard version' },
];

/** Example values for path parameters, for sweeps and documentation. */
export const SAMPLE_PARAMS: Readonly<Record<string, string>> = {
  kind: 'validation',
  id: '00000000-0000-4000-8000-000000000000',
  tier: 'province',
  year: '2027',
};

/** A concrete path for a route, its parameters filled from `params` or SAMPLE_PARAMS. */
export function routeUrl(route: Pick<RouteSpec, 'path'>, params: Record<string, string> = {}): string {
  return route.path.replace(/:([A-Za-z]+)/g, (_m, name: string) => encodeURIComponent(params[name] ?? SAMPLE_PARAMS[name] ?? name));
}

/** Whether a role may call a route (public routes: everyone, even without a token). */
export function mayCall(route: RouteSpec, role: Role | null): boolean {
  if (route.access === 'public') return true;
  return role !== null && route.access.includes(role);
}
