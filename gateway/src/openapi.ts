/**
 * The OpenAPI 3.1 document of the whole public API (API.md), served at /docs/openapi.json,
 * rendered at /docs, and the source of the console's typed client (console/scripts/gen-api.ts).
 *
 * Generated, not copied (decision 0056): paths, methods and roles come from the route table;
 * every request and answer shape is the zod schema in shared/src/api that the service validates
 * with (zod's JSON Schema output), so the reference cannot say one thing while the service checks
 * another. What is written here is what a schema cannot say: each operation's description, the
 * notes on its query parameters, its refusals, and the list convention. The drift test
 * (gateway/test/openapi.test.ts) fails for a route-table row without its request and answer.
 */
import { z } from 'zod';
import * as api from '@seatlease/shared/src/api';
import { apiComponents } from '@seatlease/shared/src/api';
import { ROUTES, type RouteSpec } from './routing/route.table';

type Schema = Record<string, unknown>;
type Zod = z.ZodType;

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });

/** The answer of one operation: its status, a line for the reader, its shape (JSON unless `contentType`). */
interface Answer {
  status: number;
  description: string;
  /** Absent only for an answer without a body (204). */
  schema?: Zod;
  contentType?: string;
}

export interface OperationDoc {
  description?: string;
  /**
   * The query schema the serving code parses `req.query` with, or `false` for an operation that
   * reads no query. Required for every GET and DELETE (the drift test checks).
   */
  query?: z.ZodObject | false;
  /** A line for the reader per query parameter, where its name does not say enough. */
  notes?: Record<string, string>;
  /**
   * The body schema the serving code parses `req.body` with (or one per content type), or `false`
   * for an operation that reads no body. Required for every POST, PUT and PATCH.
   */
  body?: Zod | { content: Record<string, Zod> } | false;
  ok: Answer;
  /** Business-rule refusals this operation may answer. */
  errors?: number[];
  /** A list: `{data, hasMore, nextCursor}`, keyset-paged by limit, cursor and order. */
  list?: true;
}

/** The list convention (API.md "Lists and corrections", shared/src/list-page.ts). */
const LIST_NOTE = 'A list: `{data, hasMore, nextCursor}`, keyset-paged (stable while rows are added), every filter applied before the limit; an unknown query parameter is a 400 naming it.';
/** What the paging parameters of every list mean. */
const PAGE_NOTES: Record<string, string> = {
  limit: 'rows per page',
  cursor: 'the `nextCursor` of the previous page, unchanged (opaque)',
  order: 'desc = newest first (default)',
};

const created = (schema: Zod, description = 'created'): Answer => ({ status: 201, description, schema });
const ok = (schema: Zod, description = 'OK'): Answer => ({ status: 200, description, schema });

/** Per operation, keyed `METHOD /path` as in the route table. */
export const OPERATIONS: Record<string, OperationDoc> = {
  'GET /healthz': { query: false, ok: ok(api.Health, 'the process is up') },
  'GET /readyz': { query: false, ok: ok(api.Readiness, 'ready'), description: 'Answers 503 with the same shape when a part is down.' },
  'GET /metrics': { query: false, ok: { status: 200, description: 'Prometheus text exposition', schema: api.Text, contentType: 'text/plain' } },
  'GET /docs': { query: false, ok: { status: 200, description: 'an HTML reference page', schema: api.Text, contentType: 'text/html' } },
  'GET /docs/openapi.json': { query: false, ok: ok(api.AnyObject, 'this document') },
  'GET /docs/clauses': { query: false, ok: { status: 200, description: 'an HTML page, zh and en; each clause at its anchor (e.g. #s6-5)', schema: api.Text, contentType: 'text/html' } },
  'GET /docs/problems': { query: false, ok: { status: 200, description: 'an HTML page listing every problem type', schema: api.Text, contentType: 'text/html' } },
  'GET /docs/problems/:kind': { query: false, ok: { status: 200, description: 'an HTML page: what the problem means and what to do', schema: api.Text, contentType: 'text/html' } },

  'POST /v1/api-keys': {
    description: 'A key of a tenant role (`tenant_finance`, `tenant_supervisor`, `agent`) needs the `tenantId` of an existing tenant (else 422); an `agent` key also its `agentId`; other roles take neither. The token is shown once and stored only as a hash.',
    body: api.ApiKeyCreate,
    ok: created(api.ApiKeyCreated),
    errors: [422],
  },
  'GET /v1/api-keys': { list: true, query: api.ApiKeyListQuery, ok: ok(api.ApiKeyList, 'never tokens') },
  'DELETE /v1/api-keys/:id': { query: false, ok: ok(api.ApiKey, 'the revoked key'), description: 'Revoking twice is harmless. The last active staff key cannot be revoked (409).', errors: [409] },
  'POST /v1/sessions': {
    description:
      'For the console: answers a `seatlease_session` cookie (HttpOnly, SameSite=Strict, Secure behind TLS, 8 hours) that then authenticates calls exactly as the key would. Requests with the cookie that change something must carry `X-CSRF-Token` (403 without). A revoked key’s sessions end with it. 401 for an unknown or revoked key; 403 for a scheduler key or a sign-in from another origin.',
    body: api.SessionCreate,
    ok: created(api.Session, 'signed in; the cookie is in Set-Cookie'),
    errors: [401, 403],
  },
  'GET /v1/sessions/current': { query: false, description: '404 when the request used a bearer token.', ok: ok(api.Session) },
  'DELETE /v1/sessions/current': { query: false, description: 'Ends the session and clears the cookie. Needs `X-CSRF-Token`.', ok: { status: 204, description: 'signed out' } },
  'GET /v1/clock': { query: false, description: 'Test mode only (`SEATLEASE_TEST_CLOCK=1`); 404 otherwise.', ok: ok(api.Clock) },
  'PUT /v1/clock': {
    description: 'Test mode only. Moves the clock forward (never back: 422) and runs, in time order, every job that falls due in between (billing runs, dunning, renewal notices, deposit settlements).',
    body: api.ClockAdvance,
    ok: ok(api.ClockAdvanced),
    errors: [422],
  },

  'POST /v1/tenants': { body: api.TenantCreate, ok: created(api.Tenant) },
  'GET /v1/tenants': { list: true, query: api.TenantListQuery, notes: { q: 'part of the name (any case), or a contract number whole or its beginning (`HT-2027-000123`, `HT-2027-0001`): the tenant holding that contract, or that held it before a transfer' }, ok: ok(api.TenantList), description: 'tenant_finance: its own tenant only.' },
  'PATCH /v1/tenants/:id': {
    description: 'Audited (before and after). A tenant_finance key may change its own tenant’s `billingEmails` only (a name → 403). Invoices already issued keep the addresses they were sent to; later mail goes to the new list.',
    body: api.TenantUpdate,
    ok: ok(api.Tenant),
  },
  'GET /v1/tenants/:id': { query: false, ok: ok(api.Tenant) },
  'PUT /v1/tenants/:id/invoicing-profile': {
    description: 'Replaces the tenant’s 开票信息. A bad unified social credit code, or a special (专票) profile without address, phone, bank or account, is refused with the field named and nothing stored. Shown on its bills’ Party B block and copied onto each fapiao request when it is made.',
    body: api.InvoicingProfileSet,
    ok: ok(api.InvoicingProfile),
  },
  'GET /v1/price-list': { query: false, ok: ok(api.PriceList) },
  'PUT /v1/price-list/:tier': { description: 'Signed contracts keep the price they copied (§4.2).', body: api.PriceUpdate, ok: ok(api.Price) },
  'POST /v1/contracts': {
    description: 'The initial seats become the first seat order and the opening invoice (deposit plus the first month, §2.A6/§6.2) is issued.',
    body: api.ContractCreate,
    ok: created(api.Contract),
    errors: [422],
  },
  'GET /v1/contracts': {
    list: true,
    description: 'Each contract as `GET /v1/contracts/:id` shows it. tenant_finance: its own only.',
    query: api.ContractListQuery,
    notes: { status: 'as of today', endingBefore: 'the last day of service (the termination’s effective date, else the end of term) is before this date' },
    ok: ok(api.ContractList),
  },
  'GET /v1/contracts/:id': { query: false, ok: ok(api.Contract) },
  'POST /v1/contracts/:id/seat-orders': {
    description: 'At least 5 calendar days’ notice (§6.4), else 422 naming the earliest allowed date; staff may override with `overrideReason`.',
    body: api.SeatOrderCreate,
    ok: created(api.SeatOrderCreated),
    errors: [422],
  },
  'GET /v1/contracts/:id/seat-orders': { list: true, query: api.SeatOrderListQuery, ok: ok(api.SeatOrderList) },
  'POST /v1/seat-orders/:id/open': { body: api.SeatOrderOpen, ok: ok(api.SeatOrderOpened), errors: [422] },
  'POST /v1/seat-orders/:id/excuse': { description: 'Resources unavailable: no late opening penalty.', body: api.SeatOrderExcuse, ok: ok(api.SeatOrder), errors: [422] },
  'POST /v1/contracts/:id/outages': { body: api.OutageCreate, ok: created(api.Outage), errors: [422] },
  'GET /v1/contracts/:id/outages': { list: true, query: api.OutageListQuery, ok: ok(api.OutageList) },
  'GET /v1/force-majeure': { list: true, query: api.ForceMajeureListQuery, notes: { contractId: 'the events that cover this contract' }, ok: ok(api.ForceMajeureList) },
  'POST /v1/force-majeure': { description: 'No `contractIds` = every contract.', body: api.ForceMajeureCreate, ok: created(api.ForceMajeure), errors: [422] },
  'POST /v1/contracts/:id/terminations': { body: api.TerminationCreate, ok: created(api.Termination), errors: [422] },
  'POST /v1/contracts/:id/renewals': { body: api.RenewalCreate, ok: created(api.Renewal), errors: [422] },
  'POST /v1/contracts/:id/transfers': { description: 'Without recorded consent → 422 (§2.B2).', body: api.TransferCreate, ok: created(api.Transfer), errors: [422] },
  'POST /v1/contracts/:id/one-off-charges': { description: 'A negative amount is a credit.', body: api.OneOffChargeCreate, ok: created(api.OneOffCharge), errors: [422] },
  'POST /v1/one-off-charges/:id/void': {
    description: 'Voided, never deleted (SPEC §5): kept with who, when and why, audited. If it was billed, the next bill reverses it with a line citing it. Voiding again answers the first void.',
    body: api.VoidRequest,
    ok: ok(api.OneOffCharge),
    errors: [404],
  },
  'POST /v1/outages/:id/void': {
    description: 'Voided, never deleted (SPEC §5): kept, audited; it leaves previews at once and the next bill takes back its credit with a line citing it. Voiding again answers the first void.',
    body: api.VoidRequest,
    ok: ok(api.Outage),
    errors: [404],
  },
  'POST /v1/force-majeure/:id/void': {
    description: 'Voided, never deleted (SPEC §5): its days stop counting (credits and §8.X4 delays are recomputed); the next bill corrects with a line citing it. Voiding again answers the first void.',
    body: api.VoidRequest,
    ok: ok(api.ForceMajeure),
    errors: [404],
  },
  'POST /v1/seat-orders/:id/void': {
    description: 'Only before it takes effect: an add order before its seats open, a return order up to its last day of service; not the initial seats (409). Rent or deposit billed in advance for it is corrected by the next bill.',
    body: api.VoidRequest,
    ok: ok(api.SeatOrder),
    errors: [404, 409],
  },
  'GET /v1/contracts/:id/audit-log': { list: true, query: api.AuditListQuery, ok: ok(api.AuditLog) },
  'GET /v1/audit-log': { list: true, query: api.GlobalAuditListQuery, notes: { entity: 'tenant, contract, seat_order, outage, …', action: 'e.g. tenant.updated' }, ok: ok(api.AuditLog) },

  'GET /v1/contracts/:id/upcoming-invoice': { query: api.UpcomingInvoiceQuery, ok: ok(api.InvoicePreview, 'a preview; nothing stored') },
  'GET /v1/calls': {
    list: true,
    query: api.CallListQuery,
    ok: ok(api.CallList),
  },
  'POST /v1/calls': {
    description:
      'A JSON array of call records, or `text/csv` with the header `id,seat,startedAt,durationSeconds,callType` (and a `contractId` column, or `?contractId=`). CSV uploads up to 64 MB are streamed through; JSON bodies up to 1 MB. Idempotent by record id.',
    query: api.CallImportQuery,
    body: {
      content: {
        'application/json': api.CallImport,
        'text/csv': api.CallCsv,
      },
    },
    ok: ok(api.CallImportResult),
  },
  'POST /v1/calls/:id/void': {
    description:
      'Replaces a wrong call record (decision 0019): void it, then import the corrected record under the same id. Only before it is billed (its month’s phone line on an invoice → 409). The record is kept with who, when and why; voiding again answers the last void.',
    body: api.VoidRequest,
    ok: ok(api.CallVoided),
    errors: [404, 409],
  },
  'POST /v1/billing-runs': { description: 'One run per period, however often called.', body: api.BillingRunCreate, ok: ok(api.BillingRun), errors: [422] },
  'GET /v1/billing-runs': { list: true, query: api.BillingRunListQuery, ok: ok(api.BillingRunList, 'latest period first') },
  'GET /v1/billing-runs/:id': { query: false, ok: ok(api.BillingRun) },
  'GET /v1/invoices': {
    description: 'Bills (账单 / 付款通知书). tenant_finance: its own tenant’s bills only.',
    list: true,
    query: api.InvoiceListQuery,
    notes: { number: 'an invoice number, e.g. INV-2027-000001', periodFrom: 'periods from this month on', periodTo: 'periods up to this month', dueBefore: 'due date before this date', overdue: 'true: open and past its due date today' },
    ok: ok(api.InvoiceList, 'newest first by issue date, then number'),
  },
  'GET /v1/invoices/export': {
    description: 'Streamed. Amounts in yuan with two decimals (exact, from fen); Chinese headers unless `lang=en`; `lines=1` gives one row per bill line. tenant_finance: its own.',
    query: api.InvoiceExportQuery,
    notes: { lines: '1 = one row per bill line' },
    ok: { status: 200, description: 'text/csv (UTF-8 with BOM) or an XLSX workbook', schema: api.Binary, contentType: 'text/csv' },
  },
  'GET /v1/invoices/:id': { query: false, ok: ok(api.Invoice) },
  'GET /v1/invoices/:id/pdf': { query: false, ok: { status: 200, description: 'the bill PDF (账单 / 付款通知书 — a payment notice, not a fapiao)', schema: api.Binary, contentType: 'application/pdf' } },
  'POST /v1/invoices/:id/credit-notes': { description: 'A credit note (账单冲减通知) against a bill; never more than the bill’s remaining amount. Its red-letter (红字) fapiao is requested separately.', body: api.CreditNoteCreate, ok: created(api.CreditNote), errors: [422] },
  'POST /v1/payments': { description: 'Without `invoiceId` it pays the oldest open invoices first.', body: api.PaymentCreate, ok: created(api.Payment), errors: [422] },
  'POST /v1/payments/:id/reverse': {
    description: 'A bank transfer recorded against the wrong tenant or amount: kept with who, when and why; the invoices it paid reopen, credit it left is taken back, and the statement shows both movements. Reversing again answers the first reversal.',
    body: api.VoidRequest,
    ok: ok(api.Payment),
    errors: [404, 409],
  },
  'GET /v1/payments': {
    list: true,
    query: api.PaymentListQuery,
    ok: ok(api.PaymentList, 'newest first by the day received'),
  },
  'GET /v1/payments/export': {
    description: 'Streamed; amounts in yuan with two decimals; Chinese headers unless `lang=en`. tenant_finance: its own.',
    query: api.PaymentExportQuery,
    ok: { status: 200, description: 'text/csv (UTF-8 with BOM) or an XLSX workbook', schema: api.Binary, contentType: 'text/csv' },
  },
  'GET /v1/credit-notes/:id': { query: false, description: 'tenant_finance: its own (another tenant’s answers 404).', ok: ok(api.CreditNote) },
  'GET /v1/credit-notes': { list: true, query: api.CreditNoteListQuery, ok: ok(api.CreditNoteList) },
  'GET /v1/payments/stripe-config': {
    query: false,
    description: 'Answers 503 (not_configured) when Stripe or its publishable key is not configured here: the console then shows no pay button and says why.',
    ok: ok(api.StripeConfig),
  },
  'POST /v1/payments/stripe-intents': { description: 'Only when Stripe is configured.', body: api.StripeIntentCreate, ok: created(api.StripeIntent), errors: [422] },
  'POST /v1/webhooks/stripe': {
    description: 'Called by Stripe, without a token. The raw body is forwarded byte for byte with its `Stripe-Signature`, which billing-service verifies.',
    body: api.StripeEvent,
    ok: ok(api.AnyObject, 'received'),
  },
  'GET /v1/tenants/:id/statement': { query: api.StatementQuery, description: 'Each bill and credit note says where its fapiao stands (`fapiao`).', ok: ok(api.Statement) },
  'GET /v1/fapiao-requests': {
    description: 'A blue request is made for each bill when it is paid (or issued: SEATLEASE_FAPIAO_REQUEST_ON), for its revenue lines only — deposits and credit carried are not sold; a credit note issued after it gets a 红字 request. Lists page as every list does.',
    query: api.FapiaoRequestListQuery,
    list: true,
    ok: ok(api.FapiaoRequestPage),
  },
  'GET /v1/fapiao-requests/export': {
    description: 'The pending blue requests (oldest first, at most `limit`, default 500) as the tax platform’s batch-issuance workbook (数电发票 批量开票 导入模板 V260401: sheets 1-发票基本信息, 2-发票明细信息, 3-特定业务信息, 4-附加要素信息, excelVersion; every cell text) or as CSV with amounts excluding tax and the tax per line. Requests whose tenant has no invoicing profile are left out (`X-SeatLease-Skipped-No-Profile`).',
    query: api.FapiaoExportQuery,
    notes: { limit: '1–500, default 500' },
    ok: { status: 200, description: 'the batch file', schema: api.Binary, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  },
  'POST /v1/fapiao-requests/:id/issued': {
    description: 'Records the issued fapiao’s number and date; the same again answers the same, anything else for an issued request is 409, as is a number already recorded elsewhere.',
    body: api.FapiaoIssued,
    ok: ok(api.FapiaoRequest),
    errors: [409, 422],
  },
  'GET /v1/reports/ar-aging': { query: api.ArAgingQuery, notes: { asOf: 'default: today' }, ok: ok(api.ArAging) },
  'GET /v1/reports/ar-aging/export': {
    description: 'One row per tenant, then the totals; yuan with two decimals; Chinese headers unless `lang=en`.',
    query: api.ArAgingExportQuery,
    ok: { status: 200, description: 'text/csv (UTF-8 with BOM) or an XLSX workbook', schema: api.Binary, contentType: 'text/csv' },
  },
  'GET /v1/tenants/:id/statement/export': {
    description: 'The statement of account: opening balance, every movement with its running balance, closing balance. tenant_finance: its own.',
    query: api.StatementExportQuery,
    ok: { status: 200, description: 'text/csv (UTF-8 with BOM) or an XLSX workbook', schema: api.Binary, contentType: 'text/csv' },
  },
  'PUT /v1/calendar/:year': { description: 'Official holidays and make-up working days, published each November.', body: api.CalendarYear, ok: ok(api.CalendarYearView), errors: [422] },
  'GET /v1/calendar/:year': { query: false, ok: ok(api.CalendarYearView) },
  'POST /v1/incidents': {
    description: 'Opens an incident while it happens. Nothing is credited until it is resolved. `major` queues a major-fault warning mail to every affected tenant at once (once per tenant, however many replicas).',
    body: api.IncidentCreate,
    ok: created(api.Incident),
    errors: [422],
  },
  'GET /v1/incidents': { list: true, query: api.IncidentListQuery, ok: ok(api.IncidentList, 'latest start first') },
  'GET /v1/incidents/:id': { query: false, ok: ok(api.Incident) },
  'PATCH /v1/incidents/:id': { description: 'Only while open (a resolved incident answers 409: void its outage records instead). Raising it to `major` warns the affected tenants then.', body: api.IncidentUpdate, ok: ok(api.Incident), errors: [409, 422] },
  'POST /v1/incidents/:id/resolve': {
    description: 'Ends the incident: each affected contract gets the outage record it would have had if entered after the fact (SPEC §5: restore window, split at midnight, rounded up, the 15-day waiver). A major incident sends a service_restored mail.',
    body: api.IncidentResolve,
    ok: ok(api.Incident),
    errors: [409, 422],
  },
  'GET /v1/tenants/:id/incidents': { description: "The incidents touching the tenant's contracts, showing only its own contracts.", list: true, query: api.IncidentListQuery, ok: ok(api.IncidentList, 'latest start first') },
  'POST /v1/contracts/:id/seat-log': {
    description: 'A seat opened or closed by the agent account on duty, a seat that failed to open (第十条), or a handover at a shift change (三). A handover is oral by default; while an incident is open on the contract or a matter is unresolved it must be written, with `notes` (else 422 naming `notes`).',
    body: api.SeatLogCreate,
    ok: created(api.SeatLogEntry),
    errors: [422],
  },
  'GET /v1/contracts/:id/seat-log': { list: true, query: api.SeatLogListQuery, ok: ok(api.SeatLogList, 'latest event first') },
  'POST /v1/seat-log/:id/incident': { description: 'Turns a seat that failed to open into an incident on that seat (one call), once.', body: api.SeatLogIncident, ok: created(api.Incident), errors: [409, 422] },
  'GET /v1/contracts/:id/traffic': {
    description: 'Per seat: calls, billed minutes, seconds, by call type, the busiest hour and the hours the seat was open (from the seat log). `format=csv` or `format=pdf` for the files.',
    query: api.TrafficQuery,
    ok: ok(api.TrafficReport),
  },
  'GET /v1/deposits': { query: api.DepositQuery, ok: ok(api.DepositLedger) },

  'GET /v1/assessment-catalogue': { query: api.CatalogueQuery, ok: ok(api.Catalogue) },
  'POST /v1/assessment-catalogue/versions': { description: 'Copies the version in force and changes the listed items’ points. A version never starts in or before a published month (409), so a published month is never rescored.', body: api.CatalogueVersionCreate, ok: created(api.Catalogue), errors: [422] },
  'POST /v1/agents': { body: api.AgentCreate, ok: created(api.Agent), errors: [422] },
  'GET /v1/agents': { query: api.AgentListQuery, ok: ok(api.AgentList) },
  'GET /v1/agents/:id': { query: false, ok: ok(api.Agent) },
  'GET /v1/agents/:id/scorecard-preview': { query: api.ScorecardPreviewQuery, ok: ok(api.ScorecardPreview, 'the month as it stands; nothing stored') },
  'POST /v1/assessment-events': {
    description: 'The item must be in the month’s catalogue, apply to one of the agent’s roles, and `selfReported` only on the halvable errors of 二(三)4–5. A published month takes no new events (409): it changes only through an appeal.',
    body: api.AssessmentEventCreate,
    ok: created(api.AssessmentEvent),
    errors: [422],
  },
  'GET /v1/assessment-events': { query: api.AssessmentEventListQuery, ok: ok(api.AssessmentEventList) },
  'POST /v1/assessment-events/:id/void': { body: api.VoidRequest, ok: ok(api.AssessmentEvent) },
  'POST /v1/workdays': { description: 'One row per agent, day and role: 实际出勤 and 处理总量 of the workload benchmark (二(三)12–13).', body: api.WorkdayCreate, ok: created(api.Workday), errors: [422] },
  'GET /v1/workdays': { query: api.WorkdayListQuery, ok: ok(api.WorkdayList) },
  'POST /v1/workdays/:id/void': { body: api.VoidRequest, ok: ok(api.Workday) },
  'POST /v1/assessment-publications': { description: 'Once the month is over (else 422); once per tenant and month (else 409). Each part is limited to its points and stops at 0 (一(五)).', body: api.PublicationCreate, ok: created(api.Publication), errors: [422] },
  'GET /v1/scorecards': { query: api.ScorecardListQuery, ok: ok(api.ScorecardList) },
  'GET /v1/scorecards/:id': { query: false, ok: ok(api.Scorecard) },
  'GET /v1/scorecards/:id/pdf': { query: false, ok: { status: 200, description: 'the scorecard PDF (Chinese, Noto Sans SC)', schema: api.Binary, contentType: 'application/pdf' } },
  'GET /v1/scorecards/export': {
    query: api.ScorecardExportQuery,
    ok: { status: 200, description: 'one row per agent (current version): parts, total, one column per item', schema: api.Text, contentType: 'text/csv' },
  },
  'POST /v1/scorecards/:id/appeals': { description: '一(七): within 2 calendar days after publication (Asia/Shanghai); later → 422 naming the window. Only the current version; one pending appeal at a time (409).', body: api.AppealCreate, ok: created(api.Appeal), errors: [422] },
  'GET /v1/appeals': { query: api.AppealListQuery, ok: ok(api.AppealList) },
  'GET /v1/appeals/:id': { query: false, ok: ok(api.Appeal) },
  'POST /v1/year-end-evaluations': { description: 'One per agent and year (409 after); 0–100 points in tenths.', body: api.YearEndCreate, ok: created(api.YearEnd), errors: [422] },
  'GET /v1/agents/:id/years/:year': { query: false, description: 'Year score = monthly average × (100 − w)% + year-end × w%, rounded once to a tenth; bands from the tenant’s settings (default excellent ≥ 90, failing < 60, w = 30).', ok: ok(api.AssessmentYear) },
  'GET /v1/tenants/:id/assessment-settings': { query: false, ok: ok(api.AssessmentSettings) },
  'PUT /v1/tenants/:id/assessment-settings': { body: api.AssessmentSettingsSet, ok: ok(api.AssessmentSettings), errors: [422] },
  'POST /v1/appeals/:id/decision': { description: 'Upheld: the named corrections are applied and a corrected scorecard version is issued with the reason; the published one is never edited. Due within 2 days of lodging (`answeredLate` says if not).', body: api.AppealDecision, ok: ok(api.AppealDecided), errors: [422] },
};

/** The path parameters, by name: the same schemas the services read them with. */
export const PATH_PARAMS: Readonly<Record<string, Zod>> = {
  id: api.Uuid,
  tier: api.SeatTier,
  year: api.CalendarYearParam,
  kind: z.string().meta({ description: 'a problem kind, e.g. validation' }),
};

const JSON_SCHEMA_OPTIONS = { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' } as const;

/**
 * zod bounds every integer by ±(2^53 − 1); said on every count and amount it only fills the
 * reference's examples with -9007199254740991. A bound a schema sets itself is kept.
 */
function withoutSafeIntegerBounds<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutSafeIntegerBounds) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if ((k === 'minimum' && v === Number.MIN_SAFE_INTEGER) || (k === 'maximum' && v === Number.MAX_SAFE_INTEGER)) continue;
    out[k] = withoutSafeIntegerBounds(v);
  }
  return out as T;
}

/** Every named shape, as the components of the document (`$ref`s between them kept). */
export function componentSchemas(): Record<string, Schema> {
  const { schemas } = z.toJSONSchema(apiComponents, { ...JSON_SCHEMA_OPTIONS, uri: (id) => `#/components/schemas/${id}` });
  return Object.fromEntries(
    Object.entries(schemas).map(([name, schema]) => {
      const { $schema: _s, $id: _i, ...rest } = schema as Schema;
      return [name, withoutSafeIntegerBounds(rest)];
    }),
  );
}

/** A schema where an operation uses it: a `$ref` to its component, or inline when it names none. */
function schemaOf(schema: Zod): Schema {
  const named = apiComponents.get(schema)?.id;
  if (named) return ref(named);
  const { $schema: _s, ...inline } = withoutSafeIntegerBounds(z.toJSONSchema(schema, JSON_SCHEMA_OPTIONS) as Schema);
  if ('$defs' in inline) throw new Error('openapi: an inline schema uses a named component; register it with component() in shared/src/api');
  return inline;
}

/** The query parameters of an operation, one per property of its query schema. */
function queryParameters(query: z.ZodObject, notes: Record<string, string>): Schema[] {
  const json = withoutSafeIntegerBounds(z.toJSONSchema(query, JSON_SCHEMA_OPTIONS)) as { properties?: Record<string, Schema>; required?: string[] };
  const required = new Set(json.required ?? []);
  return Object.entries(json.properties ?? {}).map(([name, { description, ...schema }]) => {
    const text = notes[name] ?? (typeof description === 'string' ? description : undefined) ?? PAGE_NOTES[name];
    return { name, in: 'query', required: required.has(name), schema, ...(text ? { description: text } : {}) };
  });
}

const ERROR_RESPONSES: Record<number, string> = {
  400: 'Invalid request (malformed JSON, a field failing validation)',
  401: 'No valid bearer token',
  403: 'The role may not call this endpoint',
  404: 'Not found (another tenant’s object answers 404 too; with `errors`, a field names a record that does not exist)',
  405: 'Method not allowed (see the Allow header)',
  415: 'The body is not JSON (Content-Type)',
  409: 'Conflict (an Idempotency-Key reused with a different request, or still in progress)',
  413: 'The body is too large (1 MB; CSV call imports 64 MB)',
  422: 'The request breaks a contract rule',
  429: 'Too many requests (see Retry-After)',
  502: 'A service behind the gateway failed or is unreachable',
  503: 'Not ready',
  504: 'A service behind the gateway did not answer in time',
};

function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z]+)/g, '{$1}');
}

function operationId(route: RouteSpec): string {
  const words = `${route.method.toLowerCase()} ${route.path}`
    .replace(/[:{}]/g, '')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  return words.map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1))).join('');
}

function buildOperation(route: RouteSpec): Schema {
  const doc = OPERATIONS[`${route.method} ${route.path}`];
  const isPublic = route.access === 'public';
  const parameters: Schema[] = [];
  for (const [, name] of route.path.matchAll(/:([A-Za-z]+)/g)) {
    const schema = PATH_PARAMS[name!];
    if (!schema) throw new Error(`openapi: no schema for the path parameter :${name} of ${route.method} ${route.path} (PATH_PARAMS)`);
    parameters.push({ name, in: 'path', required: true, schema: schemaOf(schema) });
  }
  if (doc?.query) parameters.push(...queryParameters(doc.query, doc.notes ?? {}));
  if (route.method === 'POST') parameters.push({ $ref: '#/components/parameters/IdempotencyKey' });
  if (route.path.startsWith('/v1/')) parameters.push({ $ref: '#/components/parameters/RequestId' });

  const roles = route.access === 'public' ? 'no token' : `roles: ${route.access.join(', ')}`;
  const operation: Schema = {
    operationId: operationId(route),
    tags: [route.tag],
    summary: route.summary,
    description: [doc?.description, doc?.list ? LIST_NOTE : undefined, `Served by ${route.service}; ${roles}.`].filter(Boolean).join('\n\n'),
    'x-roles': route.access === 'public' ? [] : [...route.access],
    'x-service': route.service,
    ...(route.testClockOnly ? { 'x-test-clock-only': true } : {}),
    security: isPublic ? [] : [{ bearerAuth: [] }, { sessionCookie: [] }],
  };
  if (parameters.length) operation.parameters = parameters;

  if (doc?.body) {
    const bodies: Record<string, Zod> = doc.body instanceof z.ZodType ? { 'application/json': doc.body } : doc.body.content;
    operation.requestBody = { required: true, content: Object.fromEntries(Object.entries(bodies).map(([type, schema]) => [type, { schema: schemaOf(schema) }])) };
  }

  const responses: Record<string, Schema> = {};
  const success = doc?.ok ?? { status: 200, description: 'OK' };
  responses[String(success.status)] = {
    description: success.description,
    ...(success.schema ? { content: { [success.contentType ?? 'application/json']: { schema: schemaOf(success.schema) } } } : {}),
  };
  const errors = new Set<number>(doc?.errors ?? []);
  if (route.path.startsWith('/v1/')) {
    errors.add(404);
    errors.add(429);
    if (!isPublic) {
      errors.add(401);
      errors.add(403);
    }
    if (doc?.body || doc?.query || route.path.includes(':')) errors.add(400);
    if (doc?.body) {
      errors.add(413);
      errors.add(415);
    }
    if (route.method === 'POST') errors.add(409);
    if (route.service !== 'gateway' || route.operation === 'createApiKey' || route.operation === 'advanceClock') {
      errors.add(502);
      errors.add(504);
    }
  }
  if (route.operation === 'readyz') responses['503'] = { description: ERROR_RESPONSES[503], content: { 'application/json': { schema: ref('Readiness') } } };
  for (const status of [...errors].sort()) responses[String(status)] = { $ref: `#/components/responses/E${status}` };
  operation.responses = responses;
  return operation;
}

export function buildOpenApiDocument(): Schema {
  const paths: Record<string, Record<string, Schema>> = {};
  for (const route of ROUTES) {
    const p = openApiPath(route.path);
    paths[p] ??= {};
    paths[p][route.method.toLowerCase()] = buildOperation(route);
  }
  const responses = Object.fromEntries(
    Object.entries(ERROR_RESPONSES)
      .filter(([status]) => status !== '503')
      .map(([status, description]) => [
        `E${status}`,
        {
          description,
          ...(status === '401' ? { headers: { 'WWW-Authenticate': { schema: { type: 'string' }, description: 'Bearer realm="seatlease"' } } } : {}),
          ...(status === '429' ? { headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'seconds to wait' } } } : {}),
          content: { 'application/problem+json': { schema: ref('Problem') } },
        },
      ]),
  );
  return {
    openapi: '3.1.0',
    info: {
      title: 'SeatLease API',
      version: '1.0.0',
      summary: 'Billing and operations for call-centre seat leases (坐席租赁)',
      description: [
        'Amounts are integers in fen with `"currency": "CNY"`; dates are `YYYY-MM-DD`, months `YYYY-MM`, instants ISO 8601 with offset (Asia/Shanghai).',
        'Errors are RFC 9457 `application/problem+json`.',
        'An *invoice* in this API (`/v1/invoices`, `INV-…` numbers) is a **bill** — 账单 / 付款通知书, a payment notice — and not a fapiao (发票): a fapiao is issued only through the tax authority’s platform. Each bill’s fapiao is requested and tracked separately (`/v1/fapiao-requests`).',
        'Every request may carry `X-Request-Id` (≤ 128 characters); every answer carries one.',
        'Every POST accepts an `Idempotency-Key`: the same key with the same body replays the first answer (`Idempotent-Replayed: true`); with a different body, 409. Keys are kept 24 hours.',
      ].join('\n\n'),
    },
    servers: [{ url: '/' }],
    security: [{ bearerAuth: [] }],
    tags: [...new Set(ROUTES.map((r) => r.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API key token (`sl_…`), created with POST /v1/api-keys' },
        sessionCookie: { type: 'apiKey', in: 'cookie', name: 'seatlease_session', description: 'The console’s session (POST /v1/sessions); requests that change something also need `X-CSRF-Token`' },
      },
      parameters: {
        IdempotencyKey: {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          description: 'Makes a POST safe to retry: the same key with the same body replays the first answer; with a different body → 409.',
          schema: { type: 'string', minLength: 1, maxLength: 255 },
        },
        RequestId: {
          name: 'X-Request-Id',
          in: 'header',
          required: false,
          description: 'A correlation id (≤ 128 visible ASCII characters), echoed in the answer and the logs; generated when absent.',
          schema: { type: 'string', maxLength: 128 },
        },
      },
      responses,
      schemas: componentSchemas(),
    },
  };
}

export const openApiDocument = buildOpenApiDocument();
