/**
 * The OpenAPI 3.1 document of the whole public API (API.md), served at /docs/openapi.json and
 * rendered at /docs. Paths, methods and roles come from the route table, so a route cannot be
 * published without appearing here; the shapes below come from API.md. Response objects allow
 * more properties than listed: API.md changes only by adding.
 */
import { ROUTES, type RouteSpec } from './routing/route.table';
import { LINE_CODES as SHARED_LINE_CODES } from '@seatlease/shared/src/billing-facts';

type Schema = Record<string, unknown>;

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const obj = (properties: Record<string, Schema>, required: string[] = [], extra: Schema = {}): Schema => ({
  type: 'object',
  properties,
  ...(required.length ? { required } : {}),
  ...extra,
});
/** A request body: exactly these fields. */
const input = (properties: Record<string, Schema>, required: string[]) => obj(properties, required, { additionalProperties: false });
/** Every list's answer (API.md "Lists and corrections"): a page, whether there is more, and the cursor to it. */
const list = (item: Schema): Schema =>
  obj(
    {
      data: { type: 'array', items: item },
      hasMore: { type: 'boolean', description: 'true when another page follows' },
      nextCursor: { type: ['string', 'null'], description: 'pass as `cursor` for the next page; null on the last page' },
    },
    ['data', 'hasMore', 'nextCursor'],
    { description: 'one page, in the list’s order (newest first unless `order=asc`)' },
  );
const str = (description?: string): Schema => ({ type: 'string', ...(description ? { description } : {}) });
const int = (description?: string, extra: Schema = {}): Schema => ({ type: 'integer', ...(description ? { description } : {}), ...extra });
const en = (values: string[], description?: string): Schema => ({ type: 'string', enum: values, ...(description ? { description } : {}) });
const fen = (description = 'amount in fen (1/100 CNY), an integer'): Schema => ({ $ref: '#/components/schemas/Fen', description });
/** An amount of fen with the bounds the service enforces (the same numbers as its zod schema). */
const fenIn = (minimum: number, maximum: number, description: string): Schema => ({ type: 'integer', format: 'int64', minimum, maximum, description });
const date = (description?: string): Schema => ({ $ref: '#/components/schemas/Date', ...(description ? { description } : {}) });
const month = (description?: string): Schema => ({ $ref: '#/components/schemas/Month', ...(description ? { description } : {}) });
const instant = (description?: string): Schema => ({ $ref: '#/components/schemas/Instant', ...(description ? { description } : {}) });
const uuid = (description?: string): Schema => ({ $ref: '#/components/schemas/Uuid', ...(description ? { description } : {}) });

// The line codes of API.md, from the one list the engine and the invoices use.
const LINE_CODES = [...SHARED_LINE_CODES];

const SCHEMAS: Record<string, Schema> = {
  Problem: obj(
    {
      type: str('a URI naming the kind of problem'),
      title: str(),
      status: int(),
      detail: str(),
      errors: { type: 'array', items: obj({ path: str('the field, e.g. `tenantId` or `lines[2].amount`'), message: str() }, ['path', 'message']) },
    },
    ['type', 'title', 'status', 'detail'],
    { description: 'RFC 9457 problem details (`application/problem+json`)' },
  ),
  Fen: int('amount in fen (1/100 CNY); charges positive, credits negative', { format: 'int64' }),
  Currency: en(['CNY']),
  Date: { type: 'string', format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'a calendar date YYYY-MM-DD (Asia/Shanghai)', examples: ['2027-03-15'] },
  Month: { type: 'string', pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'a month YYYY-MM', examples: ['2027-03'] },
  Instant: { type: 'string', format: 'date-time', description: 'an ISO 8601 instant with offset', examples: ['2027-03-01T09:00:00+08:00'] },
  Uuid: { type: 'string', format: 'uuid' },
  Role: en(['staff', 'tenant_finance', 'tenant_supervisor', 'agent', 'scheduler']),
  SeatTier: en(['province', 'prefecture', 'county'], '省级 | 地级 | 县(市)/区级'),

  ApiKeyCreate: input(
    { role: ref('Role'), tenantId: { ...uuid('required for tenant_finance, tenant_supervisor and agent, forbidden otherwise'), type: ['string', 'null'] }, agentId: { ...uuid('required for agent, forbidden otherwise'), type: ['string', 'null'] }, name: { type: 'string', minLength: 1, maxLength: 200 } },
    ['role', 'name'],
  ),
  ApiKey: obj(
    { id: uuid(), name: str(), role: ref('Role'), tenantId: { type: ['string', 'null'], format: 'uuid' }, createdAt: instant(), revokedAt: { type: ['string', 'null'], format: 'date-time' } },
    ['id', 'name', 'role', 'tenantId', 'createdAt', 'revokedAt'],
  ),
  ApiKeyCreated: {
    allOf: [
      ref('ApiKey'),
      obj({ token: { type: ['string', 'null'], description: 'the bearer token, shown once (null when replayed for an Idempotency-Key)' } }, ['token']),
    ],
  },
  ApiKeyList: list(ref('ApiKey')),

  SessionCreate: input({ apiKey: { type: 'string', minLength: 1, description: 'an API key token (`sl_…`); exchanged once, never stored by the browser' } }, ['apiKey']),
  Session: obj(
    {
      role: ref('Role'),
      tenantId: { type: ['string', 'null'], format: 'uuid' },
      name: str('the API key’s name'),
      csrfToken: str('send it as `X-CSRF-Token` on every request that changes something'),
      expiresAt: instant(),
    },
    ['role', 'tenantId', 'name', 'csrfToken', 'expiresAt'],
  ),

  Clock: obj({ now: instant() }, ['now']),
  ClockAdvance: input({ now: instant('the new time; never earlier than the current one') }, ['now']),
  ClockAdvanced: obj(
    { now: instant(), jobsRun: { type: 'array', items: obj({ job: str('e.g. billing_run, dunning, renewal_notice, deposit_settlement'), at: instant(), result: {} }, ['job', 'at']) } },
    ['now', 'jobsRun'],
  ),

  TenantCreate: input({ name: { type: 'string', minLength: 1 }, billingEmails: { type: 'array', minItems: 1, items: { type: 'string', format: 'email' } } }, ['name', 'billingEmails']),
  Tenant: obj(
    {
      id: uuid(),
      name: str(),
      billingEmails: { type: 'array', items: { type: 'string', format: 'email' } },
      createdAt: instant(),
      invoicingProfile: { oneOf: [ref('InvoicingProfile'), { type: 'null' }], description: 'what its fapiao are made out to; null until set' },
    },
    ['id', 'name', 'billingEmails'],
  ),
  InvoicingProfileSet: input(
    {
      title: { type: 'string', minLength: 1, maxLength: 100, description: '购买方名称, the name on the fapiao' },
      taxId: { type: 'string', minLength: 18, maxLength: 20, description: 'unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters, the last a check character' },
      address: { type: ['string', 'null'], maxLength: 200, description: 'required for fapiaoType special' },
      phone: { type: ['string', 'null'], maxLength: 40, description: 'required for fapiaoType special' },
      bankName: { type: ['string', 'null'], maxLength: 100, description: 'required for fapiaoType special' },
      bankAccount: { type: ['string', 'null'], maxLength: 40, description: 'required for fapiaoType special' },
      fapiaoType: en(['special', 'normal'], 'special = 增值税专用发票 (all six fields); normal = 普通发票 (title and taxId)'),
    },
    ['title', 'taxId', 'fapiaoType'],
  ),
  InvoicingProfile: obj(
    {
      title: str(),
      taxId: str(),
      address: { type: ['string', 'null'] },
      phone: { type: ['string', 'null'] },
      bankName: { type: ['string', 'null'] },
      bankAccount: { type: ['string', 'null'] },
      fapiaoType: en(['special', 'normal']),
      updatedAt: instant(),
    },
    ['title', 'taxId', 'fapiaoType', 'updatedAt'],
  ),
  TenantList: list(ref('Tenant')),
  TenantUpdate: {
    ...input({ name: { type: 'string', minLength: 1, maxLength: 200 }, billingEmails: { type: 'array', minItems: 1, maxItems: 20, items: { type: 'string', format: 'email' } } }, []),
    minProperties: 1,
    description: 'staff: name and billing emails; tenant_finance: its own billing emails only',
  },

  Price: obj({ tier: ref('SeatTier'), seatFee: fen('seat fee per seat per month'), circuitFee: fen('circuit fee per seat per month'), currency: ref('Currency') }),
  PriceList: obj({ currency: ref('Currency'), data: { type: 'array', items: ref('Price') } }, ['data'], { description: 'the price list by seat tier' }),
  PriceUpdate: input({ seatFee: fenIn(0, 100_000_000, 'seat fee per seat per month'), circuitFee: fenIn(0, 100_000_000, 'circuit fee per seat per month; default 0') }, ['seatFee']),

  CallRates: input({ local: fenIn(0, 100_000, 'fen per started minute'), domestic: fenIn(0, 100_000, 'fen per started minute'), mobile: fenIn(0, 100_000, 'fen per started minute') }, ['local', 'domestic', 'mobile']),
  ContractCreate: input(
    {
      tenantId: uuid(),
      seatTier: ref('SeatTier'),
      startMonth: month(),
      termMonths: int('whole months', { minimum: 1, maximum: 120 }),
      seats: int('initial seats (the first add order)', { minimum: 1, maximum: 10_000 }),
      openingDate: date('requested opening date of the initial seats'),
      seatFee: fenIn(0, 100_000_000, 'default: the price list of the tier'),
      circuitFee: fenIn(0, 100_000_000, 'default: the price list of the tier'),
      vatRate: { type: 'number', minimum: 0, maximum: 0.2, multipleOf: 0.0001, description: 'VAT rate as a fraction (at most 4 decimals), default 0.06' },
      restoreWindowHours: int('hours Party A has to restore a fault before it earns credit (§8.A1), default 0', { minimum: 0, maximum: 720 }),
      callRates: ref('CallRates'),
    },
    ['tenantId', 'seatTier', 'startMonth', 'termMonths', 'seats', 'openingDate'],
  ),
  Contract: obj(
    {
      id: uuid(),
      number: str('HT-2027-000001: gapless per year of signing, printed on its bills'),
      tenantId: uuid(),
      status: en(['pending_opening', 'active', 'suspended', 'terminated', 'expired']),
      startMonth: month(),
      endDate: date(),
      termMonths: int(),
      seatFee: fen(),
      circuitFee: fen(),
      liveSeats: int(),
      depositHeld: fen(),
      currency: ref('Currency'),
      tenantName: str(),
      lastDayOfService: date('the termination’s effective date when earlier than the end of term'),
      monthlyFee: fen('the fee per seat per month in force today (seat fee + circuit fee)'),
      contractedSeats: int('seats ordered and not returned, opened or not'),
      termination: {
        oneOf: [obj({ kind: en(['mutual', 'tenant_breach', 'provider_breach', 'for_cause']), noticeDate: date(), effectiveDate: date(), reason: { type: ['string', 'null'] } }, ['kind', 'noticeDate', 'effectiveDate']), { type: 'null' }],
        description: 'null unless terminated',
      },
      prices: { type: 'array', items: obj({ effectiveMonth: month(), seatFee: ref('Fen'), circuitFee: ref('Fen') }, ['effectiveMonth', 'seatFee', 'circuitFee']), description: 'the price and each amendment (renewals with a new fee), by the month it takes effect' },
    },
    ['id', 'tenantId', 'status', 'startMonth', 'endDate', 'termMonths', 'seatFee', 'circuitFee', 'liveSeats', 'depositHeld'],
  ),
  ContractList: list(ref('Contract')),

  SeatOrderCreate: input(
    {
      kind: en(['add', 'return']),
      quantity: int(undefined, { minimum: 1, maximum: 10_000 }),
      effectiveDate: date('add: the requested opening date; return: the seats’ last day of service'),
      overrideReason: str('staff override of the 5-day notice (§6.4), kept in the audit log'),
    },
    ['kind', 'quantity', 'effectiveDate'],
  ),
  SeatOrderCreated: obj({ id: uuid(), status: str() }, ['id', 'status']),
  SeatOrder: obj(
    {
      id: uuid(),
      kind: en(['add', 'return']),
      quantity: int(),
      effectiveDate: date(),
      status: str(),
      openedOn: { type: ['string', 'null'], format: 'date' },
      daysLate: { type: ['integer', 'null'] },
      penalty: { oneOf: [ref('Fen'), { type: 'null' }] },
      initial: { type: 'boolean', description: 'the contract’s initial seats' },
      excused: { type: 'boolean', description: 'a late opening excused (resources unavailable): no penalty' },
      excuseReason: { type: ['string', 'null'] },
      voidedAt: { type: ['string', 'null'], format: 'date-time' },
    },
    ['id', 'kind', 'quantity', 'effectiveDate', 'status'],
  ),
  SeatOrderList: list(ref('SeatOrder')),
  SeatOrderOpen: input({ openedOn: date('actual opening date') }, ['openedOn']),
  SeatOrderOpened: obj({ id: uuid(), openedOn: date(), daysLate: int(), penalty: fen('late opening penalty owed to the tenant (§8.A1)') }, ['id', 'openedOn', 'daysLate', 'penalty']),
  SeatOrderExcuse: input({ reason: { type: 'string', minLength: 1, description: 'why resources were unavailable' } }, ['reason']),
  VoidRequest: input({ reason: { type: 'string', minLength: 1, maxLength: 500, description: 'why the record was wrong (kept in the record and the audit log)' } }, ['reason']),

  OutageCreate: input(
    { startedAt: instant(), endedAt: instant(), seatsAffected: int(undefined, { minimum: 1, maximum: 10_000 }), cause: en(['provider', 'tenant', 'maintenance']) },
    ['startedAt', 'endedAt', 'seatsAffected', 'cause'],
  ),
  Outage: obj(
    {
      id: uuid(), contractId: uuid(), startedAt: instant(), endedAt: instant(), seatsAffected: int(), cause: en(['provider', 'tenant', 'maintenance']),
      voidedAt: instant('null while in force'), voidedBy: str('the API key that voided it'), voidReason: str(),
    },
    ['id'],
  ),
  VoidedRecord: obj(
    { id: uuid(), voidedAt: instant('when it was voided (the first void: voiding again answers the same)'), voidedBy: str('the API key that voided it'), voidReason: str() },
    ['id', 'voidedAt', 'voidedBy', 'voidReason'],
    { description: 'the record as voided, with its other fields' },
  ),
  OutageList: list(ref('Outage')),
  ForceMajeureCreate: input(
    {
      startedAt: instant(),
      endedAt: instant(),
      noticeGivenOn: date('written notice; honoured only within 10 days after the end (§7.3)'),
      claimedBy: en(['provider', 'tenant']),
      contractIds: { type: 'array', items: uuid(), description: 'omit for every contract' },
      description: { type: 'string', minLength: 1 },
    },
    ['startedAt', 'endedAt', 'noticeGivenOn', 'claimedBy', 'description'],
  ),
  ForceMajeure: obj(
    {
      id: uuid(),
      startedAt: instant(),
      endedAt: instant(),
      noticeGivenOn: date(),
      claimedBy: en(['provider', 'tenant']),
      description: str(),
      contractIds: { type: ['array', 'null'], items: uuid(), description: 'null = every contract' },
      honoured: { type: 'boolean', description: 'notice given within 10 days after the end (§7.3)' },
    },
    ['id', 'startedAt', 'endedAt', 'noticeGivenOn', 'claimedBy', 'contractIds'],
  ),
  ForceMajeureList: list(ref('ForceMajeure')),
  CallRecordView: obj(
    { id: str(), contractId: uuid(), seat: str(), startedAt: instant(), durationSeconds: int(), callType: en(['local', 'domestic', 'mobile']), month: month(), billableMinutes: int('started minutes (§7)') },
    ['id', 'contractId', 'seat', 'startedAt', 'durationSeconds', 'callType'],
  ),
  CallList: list(ref('CallRecordView')),
  TerminationCreate: input(
    { kind: en(['mutual', 'tenant_breach', 'provider_breach', 'for_cause']), noticeDate: date(), effectiveDate: date(), reason: str() },
    ['kind', 'noticeDate', 'effectiveDate'],
  ),
  RenewalCreate: input({ termMonths: int('months added to the term', { minimum: 1, maximum: 120 }), seatFee: fenIn(0, 100_000_000, 'new seat fee, from effectiveMonth'), effectiveMonth: month() }, ['termMonths']),
  TransferCreate: input({ toTenantId: uuid(), consentGivenOn: date('Party A’s recorded consent (§2.B2); without it → 422') }, ['toTenantId', 'consentGivenOn']),
  OneOffChargeCreate: input({ amount: { ...fenIn(-10_000_000_000, 10_000_000_000, 'positive = charge, negative = credit; not 0'), not: { const: 0 } }, description: { type: 'string', minLength: 1 }, clause: str('e.g. §5.1, §8.B3') }, ['amount', 'description']),
  Created: obj({ id: uuid() }, ['id'], { description: 'the created record' }),
  AuditLog: list(
    obj({
      id: int(),
      at: instant(),
      actor: obj({ keyId: str(), role: str() }),
      action: str('e.g. contract.signed, seat_order.opened'),
      entity: str(),
      entityId: str(),
      reason: { type: ['string', 'null'] },
      data: { description: 'the change as requested' },
    }),
  ),

  CallRecord: input(
    {
      id: str('the record id; imports are idempotent by id'),
      contractId: uuid('or `?contractId=` for the whole upload'),
      seat: { type: ['string', 'integer'] },
      startedAt: instant(),
      durationSeconds: int(undefined, { minimum: 0 }),
      callType: en(['local', 'domestic', 'mobile']),
    },
    ['id', 'seat', 'startedAt', 'durationSeconds', 'callType'],
  ),
  CallImport: { oneOf: [{ type: 'array', items: ref('CallRecord') }, obj({ contractId: uuid(), calls: { type: 'array', items: ref('CallRecord') } }, ['calls'])] },
  CallImportResult: obj(
    {
      accepted: int(),
      duplicates: int('ids already on file with the same data, or repeated in this import'),
      conflicts: {
        type: 'array',
        description: 'ids on file with other data: not stored (void the call, then import it again, to replace it); the first 1000',
        items: obj({ row: int(), id: str(), differs: { type: 'array', items: en(['contractId', 'seat', 'startedAt', 'durationSeconds', 'callType']) } }, ['row', 'id', 'differs']),
      },
      conflictsTotal: int(),
      rejected: { type: 'array', items: obj({ row: int(), message: str() }, ['row', 'message']) },
    },
    ['accepted', 'duplicates', 'conflicts', 'rejected'],
  ),
  BillingRunCreate: input({ period: month('the month billed') }, ['period']),
  BillingRun: obj({ id: uuid(), period: month(), status: str(), invoicesIssued: int() }, ['id', 'period', 'status', 'invoicesIssued']),
  BillingRunList: list(ref('BillingRun')),

  InvoiceLine: obj(
    {
      code: en(LINE_CODES),
      description: str('Chinese first, English second'),
      quantity: { type: ['number', 'string'] },
      unitAmount: ref('Fen'),
      amount: ref('Fen'),
      period: str(),
      clause: str('the contract clause, e.g. §6.5'),
      formula: { type: ['string', 'null'], description: 'for computed lines, e.g. `2 坐席 × ¥2,000.00 × 3 天 / 30`' },
    },
    ['code', 'description', 'quantity', 'unitAmount', 'amount', 'clause'],
  ),
  Invoice: obj(
    {
      id: uuid(),
      number: str('INV-2027-000001'),
      contractId: uuid(),
      tenantId: uuid(),
      period: month(),
      kind: en(['opening', 'monthly', 'final', 'supplementary']),
      issuedOn: date(),
      dueDate: date(),
      currency: ref('Currency'),
      lines: { type: 'array', items: ref('InvoiceLine') },
      total: ref('Fen'),
      tax: fen('the VAT part of the taxable amount (SPEC §2: revenue only); as issued on bills of taxBasis whole_total'),
      taxableAmount: fen('the sum of the taxable lines, VAT included (everything but deposit lines and credit carried)'),
      depositAmount: fen('the sum of the deposit lines: money held, no VAT'),
      taxBasis: en(['revenue', 'whole_total'], 'whole_total: issued before the 2026-12-06 correction, with VAT on the whole total (decision 0016)'),
      taxCorrection: {
        type: ['object', 'null'],
        description: 'bills of taxBasis whole_total only: the VAT on revenue alone (what the fapiao carries) and how far the issued tax was above it',
        properties: { tax: ref('Fen'), difference: ref('Fen') },
      },
      amountPaid: ref('Fen'),
      amountDue: ref('Fen'),
      status: en(['open', 'paid', 'void']),
    },
    ['id', 'number', 'contractId', 'tenantId', 'period', 'kind', 'issuedOn', 'dueDate', 'currency', 'lines', 'total', 'tax', 'amountPaid', 'amountDue', 'status'],
  ),
  InvoicePreview: {
    description: 'a bill as it would be issued; nothing is stored',
    type: 'object',
    properties: { lines: { type: 'array', items: ref('InvoiceLine') }, total: ref('Fen'), tax: ref('Fen'), taxableAmount: ref('Fen'), depositAmount: ref('Fen'), period: month() },
  },
  InvoiceList: list(ref('Invoice')),
  CreditNoteCreate: input({ amount: fenIn(1, 1_000_000_000_000, 'positive; at most the invoice’s remaining amount'), reason: { type: 'string', minLength: 1 } }, ['amount', 'reason']),
  CreditNote: obj(
    {
      id: uuid(),
      number: str('CN-2027-000001'),
      invoiceId: uuid('the bill it reduces'),
      tenantId: uuid(),
      amount: ref('Fen'),
      currency: ref('Currency'),
      reason: str(),
      issuedOn: date(),
      taxableAmount: fen('the part that reverses taxable revenue, pro rata to the invoice (decision 0016)'),
      tax: fen('its VAT'),
    },
    ['id', 'number', 'amount'],
  ),
  CreditNoteList: list(ref('CreditNote')),
  PaymentCreate: input(
    {
      tenantId: uuid(),
      amount: fenIn(1, 10_000_000_000, 'positive'),
      method: en(['bank_transfer']),
      reference: { type: 'string', minLength: 1 },
      receivedOn: date(),
      invoiceId: uuid('omit to pay the oldest open invoices first'),
    },
    ['tenantId', 'amount', 'method', 'reference', 'receivedOn'],
  ),
  Payment: obj(
    {
      id: uuid(), tenantId: uuid(), amount: ref('Fen'), currency: ref('Currency'), method: str(), reference: str(), receivedOn: date(),
      reversedAt: instant('null unless reversed'), reversedOn: date(), reversedBy: str(), reverseReason: str(),
    },
    ['id'],
  ),
  PaymentList: list(ref('Payment')),
  StripeIntentCreate: obj({ invoiceId: uuid(), method: en(['card', 'alipay', 'wechat_pay']) }, ['invoiceId', 'method']),
  StripeConfig: obj({ publishableKey: str('pk_test_… or pk_live_…'), methods: { type: 'array', items: en(['card', 'alipay', 'wechat_pay']) } }),
  StripeIntent: obj({ id: str(), clientSecret: str(), invoiceId: uuid(), method: str(), amount: ref('Fen'), currency: ref('Currency'), status: str() }),
  Statement: obj(
    {
      tenantId: uuid(),
      tenantName: str(),
      from: date(),
      to: date(),
      openingBalance: ref('Fen'),
      movements: {
        type: 'array',
        items: obj({
          date: date(),
          type: str('invoice | credit_note | payment | credit'),
          reference: str(),
          description: str(),
          amount: ref('Fen'),
          balance: ref('Fen'),
          invoiceId: { type: ['string', 'null'] },
          paymentId: { type: ['string', 'null'] },
          creditNoteId: { type: ['string', 'null'] },
          fapiao: {
            oneOf: [ref('FapiaoStatus'), { type: 'null' }],
            description: 'bills and credit notes: where their fapiao (blue, or 红字 for a credit note) stands; null before it is requested',
          },
        }),
      },
      closingBalance: ref('Fen'),
      creditBalance: ref('Fen'),
      deposits: { type: 'array', items: obj({ contractId: uuid(), held: ref('Fen') }) },
      depositHeld: ref('Fen'),
    },
    [],
    { description: 'invoices, credit notes, payments and credit of the tenant in date order with a running balance (positive = owed to Party A)' },
  ),
  FapiaoStatus: obj(
    {
      status: en(['pending', 'issued', 'not_required']),
      number: { type: ['string', 'null'], description: 'the fapiao number, once recorded' },
      issuedOn: { oneOf: [date(), { type: 'null' }] },
      requestId: uuid(),
    },
    ['status', 'number', 'issuedOn', 'requestId'],
  ),
  FapiaoRequest: obj(
    {
      id: uuid(),
      kind: en(['blue', 'red'], 'blue: the bill’s fapiao; red: the 红字 fapiao of a credit note'),
      status: en(['pending', 'issued', 'not_required'], 'not_required: the bill has no revenue (deposits and credits are not sold) or was wholly credited'),
      reason: { type: ['string', 'null'] },
      tenantId: uuid(),
      tenantName: str(),
      invoiceId: uuid(),
      invoiceNumber: str(),
      period: month(),
      creditNoteId: { type: ['string', 'null'], format: 'uuid' },
      creditNoteNumber: { type: ['string', 'null'] },
      currency: ref('Currency'),
      taxInclusive: { type: 'boolean', description: '是否含税 of the export: whether 金额 includes tax' },
      vatRate: { type: 'number' },
      amountInclTax: fen('价税合计'),
      amountExclTax: fen('金额 excluding tax: the bill’s revenue less its tax'),
      tax: fen('the VAT, as the tax platform computes it from the lines'),
      lines: {
        type: 'array',
        items: obj({ name: str('项目名称'), taxCode: str('商品和服务税收编码 (19 digits)'), quantity: { type: ['integer', 'null'] }, amountExclTax: ref('Fen'), tax: ref('Fen'), amountInclTax: ref('Fen') }),
      },
      requestedOn: date(),
      fapiao: { oneOf: [obj({ number: str(), issuedOn: date() }, ['number', 'issuedOn']), { type: 'null' }] },
    },
    ['id', 'kind', 'status', 'invoiceId', 'invoiceNumber', 'amountInclTax', 'amountExclTax', 'tax', 'lines', 'requestedOn', 'fapiao'],
  ),
  FapiaoRequestPage: obj(
    { data: { type: 'array', items: ref('FapiaoRequest') }, hasMore: { type: 'boolean' }, nextCursor: { type: ['string', 'null'] } },
    ['data', 'hasMore', 'nextCursor'],
  ),
  FapiaoIssued: input(
    {
      number: { type: 'string', description: '20 digits (数电发票), or code-number (10–12 digits, a hyphen, 8 digits)' },
      issuedOn: date('the fapiao’s date; not before the request, not in the future'),
    },
    ['number', 'issuedOn'],
  ),
  ArAging: obj(
    {
      asOf: date(),
      buckets: { type: 'array', items: str() },
      tenants: {
        type: 'array',
        items: obj({
          tenantId: uuid(),
          tenantName: str(),
          invoiceCount: int(),
          current: ref('Fen'),
          days1to30: ref('Fen'),
          days31to60: ref('Fen'),
          days61to90: ref('Fen'),
          days90plus: ref('Fen'),
          total: ref('Fen'),
          creditBalance: ref('Fen'),
        }),
      },
      totals: obj({ current: ref('Fen'), days1to30: ref('Fen'), days31to60: ref('Fen'), days61to90: ref('Fen'), days90plus: ref('Fen'), total: ref('Fen') }, [], { description: 'the same buckets summed over all tenants' }),
    },
    [],
    { description: 'amounts due by tenant and age bucket as of a date' },
  ),
  CalendarYear: input({ holidays: { type: 'array', items: date() }, workdays: { type: 'array', items: date('official make-up working days (调休上班)') } }, ['holidays', 'workdays']),
  CalendarYearView: obj({
    year: int(),
    holidays: { type: ['array', 'null'], items: date(), description: 'null when the year comes from the built-in library' },
    workdays: { type: ['array', 'null'], items: date() },
    source: en(['override', 'library'], 'override: loaded by staff; library: the built-in official calendar'),
  }),
  DepositLedger: obj(
    {
      contractId: uuid(),
      currency: ref('Currency'),
      held: fen('the deposit held now'),
      entries: { type: 'array', items: obj({ entry: en(['held', 'topped_up', 'released', 'settled', 'refunded']), amount: fen('+ held more, − held less'), invoiceId: { type: ['string', 'null'], format: 'uuid' }, onDate: date() }) },
    },
    ['contractId', 'currency', 'held', 'entries'],
    { description: "a contract's deposit: what is held and every movement, oldest first" },
  ),

  // Issue 16: seat operations.
  IncidentCreate: input(
    {
      startedAt: instant(),
      cause: en(['provider', 'tenant', 'maintenance']),
      severity: en(['major', 'minor'], 'major sends a major-fault warning (大故障预警) to every affected tenant at once'),
      description: { type: 'string', minLength: 1, maxLength: 1000 },
      scope: { oneOf: [{ const: 'all', description: 'every contract in service when it started' }, obj({ contractIds: { type: 'array', items: uuid(), minItems: 1 } }, ['contractIds'])] },
      seatsAffected: { type: 'object', additionalProperties: int(undefined, { minimum: 1 }), description: 'seats affected per contract id; a contract not listed has all its seats affected' },
    },
    ['startedAt', 'cause', 'severity', 'description', 'scope'],
  ),
  IncidentUpdate: input(
    { startedAt: instant(), cause: en(['provider', 'tenant', 'maintenance']), severity: en(['major', 'minor']), description: str(), seatsAffected: { type: 'object', additionalProperties: int() } },
    [],
  ),
  IncidentResolve: input({ endedAt: instant() }, ['endedAt']),
  Incident: obj({
    id: uuid(),
    status: en(['open', 'resolved']),
    startedAt: instant(),
    endedAt: { type: ['string', 'null'], format: 'date-time' },
    cause: en(['provider', 'tenant', 'maintenance']),
    severity: en(['major', 'minor']),
    description: str(),
    scope: en(['all', 'contracts']),
    contracts: { type: 'array', items: obj({ contractId: uuid(), seatsAffected: int(), outageId: { type: ['string', 'null'], format: 'uuid', description: 'the outage record made at resolution' } }) },
  }),
  SeatLogCreate: {
    oneOf: [
      input({ kind: en(['open', 'close']), seat: str('the seat, as in call records'), at: instant(), agentAccount: str('the agent account on duty') }, ['kind', 'seat', 'at', 'agentAccount']),
      input({ kind: en(['open_failed']), seat: str(), at: instant(), agentAccount: str(), reason: str() }, ['kind', 'seat', 'at', 'agentAccount', 'reason']),
      input(
        {
          kind: en(['handover']),
          at: instant('near a shift change of the shift table'),
          agentAccount: str('handing over'),
          toAgentAccount: str('taking over'),
          mode: en(['oral', 'written'], 'oral by default; written (with notes) is required while an incident is open or a matter is unresolved'),
          notes: str(),
          unresolvedMatters: { type: 'boolean' },
        },
        ['kind', 'at', 'agentAccount', 'toAgentAccount'],
      ),
    ],
  },
  SeatLogEntry: obj({ id: uuid(), contractId: uuid(), kind: en(['open', 'close', 'open_failed', 'handover']), at: instant(), shift: str(), shiftDate: date(), seat: { type: ['string', 'null'] }, agentAccount: { type: ['string', 'null'] } }),
  SeatLogIncident: input({ severity: en(['major', 'minor']), cause: en(['provider', 'tenant', 'maintenance']), description: str() }, []),
  TrafficReport: obj({
    contractId: uuid(),
    period: month(),
    totals: obj({ calls: int(), billedMinutes: int(), seconds: int(), seatOpenHours: { type: 'number' } }),
    seats: { type: 'array', items: obj({ seat: str(), calls: int(), billedMinutes: int(), seconds: int(), byCallType: { type: 'object' }, busiestHour: { type: ['integer', 'null'] }, seatOpenHours: { type: 'number' } }) },
  }),

  Health: obj({ status: str(), service: str() }),
  Readiness: obj({ status: en(['ready', 'not_ready']), checks: obj({ database: en(['up', 'down']), 'contract-service': en(['up', 'down']), 'billing-service': en(['up', 'down']), 'assessment-service': en(['up', 'down']) }) }, ['status', 'checks']),

  // Assessment (坐席员考核细则). Points: `*Tenths` integers and the same as a one-decimal string.
  AgentRole: en(['intake', 'dispatcher', 'shift_lead', 'commander'], '受理员 | 派遣员 | 值班长 | 指挥长'),
  Points: { type: 'string', pattern: '^-?\\d+\\.\\d$', description: 'points with one decimal, e.g. "12.5" (exact: the `…Tenths` integer beside it is the value)', examples: ['98.5'] },
  Tenths: int('tenths of a point, an integer (5 = 0.5 points)'),
  CatalogueItem: obj({ code: str(), part: en(['internal', 'discipline', 'business']), clause: str('e.g. 二(三)4'), title: str(), pointsTenths: ref('Tenths'), points: ref('Points'), unit: str(), roles: { type: ['array', 'null'], items: ref('AgentRole') }, halvable: { type: 'boolean' }, source: en(['event', 'workload']) }),
  Catalogue: obj({ version: int(), effectiveFrom: month(), note: str(), parts: { type: 'array', items: obj({ part: str(), title: str(), clause: str(), maxTenths: ref('Tenths'), max: ref('Points') }) }, items: { type: 'array', items: ref('CatalogueItem') } }),
  CatalogueVersionCreate: input({ effectiveFrom: month('the first month it scores; after every published month'), note: str(), changes: { type: 'array', items: input({ code: str(), pointsTenths: ref('Tenths') }, ['code', 'pointsTenths']) } }, ['effectiveFrom', 'note', 'changes']),
  AgentCreate: input({ tenantId: uuid('staff: required; a supervisor: its own tenant'), name: str(), employeeNo: str(), email: str('where the scorecard is mailed when a month is published; omitted: not mailed'), seatAccount: str('the agent account they use in the seat shift log: their seats’ calls count as handled (二(三)12–13); unique in the tenant'), roles: { type: 'array', minItems: 1, maxItems: 2, items: ref('AgentRole') }, joinedOn: date() }, ['name', 'roles']),
  Agent: obj({ id: uuid(), tenantId: uuid(), name: str(), employeeNo: { type: ['string', 'null'] }, email: { type: ['string', 'null'] }, seatAccount: { type: ['string', 'null'] }, roles: { type: 'array', items: ref('AgentRole') }, joinedOn: date(), createdAt: instant() }),
  AssessmentEventCreate: input({ agentId: uuid(), itemCode: str('a catalogue item code, e.g. attendance.late_or_early'), occurredOn: date(), count: int('occurrences (or units: cameras, cases, nodes), 1–1000; default 1'), note: str(), selfReported: { type: 'boolean', description: '二(三)4–5: found, reported and corrected by the agent → half the deduction' } }, ['agentId', 'itemCode', 'occurredOn']),
  AssessmentEvent: obj({ id: uuid(), tenantId: uuid(), agentId: uuid(), itemCode: str(), occurredOn: date(), count: int(), selfReported: { type: 'boolean' }, note: { type: ['string', 'null'] }, appealId: { type: ['string', 'null'] }, createdAt: instant(), voidedAt: { type: ['string', 'null'] }, voidReason: { type: ['string', 'null'] } }),
  WorkdayCreate: input({ agentId: uuid(), workDate: date(), role: ref('AgentRole'), handled: int('cases handled that day in that role') }, ['agentId', 'workDate', 'role', 'handled']),
  Workday: obj({ id: uuid(), tenantId: uuid(), agentId: uuid(), role: ref('AgentRole'), workDate: date(), handled: int(), source: en(['recorded', 'seat_log'], 'recorded by a supervisor, or derived at publication from the seat shift log and the calls'), createdAt: instant(), voidedAt: { type: ['string', 'null'] } }),
  PublicationCreate: input({ tenantId: uuid('staff: required; a supervisor: its own tenant'), month: month('a month that is over') }, ['month']),
  Publication: obj({ id: uuid(), tenantId: uuid(), month: month(), catalogueVersion: int(), publishedOn: date(), publishedAt: instant(), scorecards: { type: 'array', items: obj({ id: uuid(), agentId: uuid(), agentName: str(), total: ref('Points'), totalTenths: ref('Tenths') }) }, mailsQueued: int('mails queued: one per agent with an email, one to the supervisors if the tenant set their addresses') }),
  ScorecardPart: obj({ part: str(), title: str(), clause: str(), max: ref('Points'), deductions: ref('Points'), bonuses: ref('Points'), score: ref('Points'), scoreTenths: ref('Tenths'), capped: { type: 'boolean', description: 'the part stopped at 0 or at its points' } }),
  ScorecardLine: obj({ itemCode: str(), part: str(), clause: str(), title: str(), count: int(), unitPoints: ref('Points'), points: ref('Points'), pointsTenths: ref('Tenths'), selfReported: { type: 'boolean' }, detail: { type: 'object', description: 'workload lines: benchmark, totals, own handled and days' } }),
  ScorecardPreview: obj({ agentId: uuid(), month: month(), catalogueVersion: int(), total: ref('Points'), totalTenths: ref('Tenths'), parts: { type: 'array', items: ref('ScorecardPart') }, lines: { type: 'array', items: ref('ScorecardLine') } }),
  Scorecard: obj({ id: uuid(), tenantId: uuid(), agentId: uuid(), month: month(), version: int(), catalogueVersion: int(), total: ref('Points'), totalTenths: ref('Tenths'), parts: { type: 'array', items: ref('ScorecardPart') }, lines: { type: 'array', items: ref('ScorecardLine') }, supersedesId: { type: ['string', 'null'] }, appealId: { type: ['string', 'null'] }, reason: { type: ['string', 'null'] }, issuedOn: date(), appealWindow: obj({ opensOn: date(), closesOn: date() }) }),
  AppealCreate: input({ reason: str() }, ['reason']),
  Appeal: obj({ id: uuid(), tenantId: uuid(), agentId: uuid(), scorecardId: uuid(), reason: str(), lodgedOn: date(), answerDueOn: date(), status: en(['pending', 'upheld', 'refused']), decisionReason: { type: ['string', 'null'] }, decidedOn: { type: ['string', 'null'] }, answeredLate: { type: ['boolean', 'null'] }, correctedScorecardId: { type: ['string', 'null'] } }),
  AppealDecision: input({ outcome: en(['upheld', 'refused']), reason: str(), voidEventIds: { type: 'array', items: uuid() }, events: { type: 'array', items: ref('AssessmentEventCreate') } }, ['outcome', 'reason']),
  YearEndCreate: input({ agentId: uuid(), year: int(), scoreTenths: ref('Tenths'), note: str() }, ['agentId', 'year', 'scoreTenths']),
  YearEnd: obj({ id: uuid(), agentId: uuid(), year: int(), scoreTenths: ref('Tenths'), note: { type: ['string', 'null'] }, createdAt: instant() }),
  AssessmentYear: obj({ agentId: uuid(), year: int(), months: { type: 'array', items: obj({ month: month(), scorecardId: uuid(), version: int(), total: ref('Points') }) }, monthlyAverage: { type: ['string', 'null'] }, yearEnd: { type: ['string', 'null'] }, score: { type: ['string', 'null'] }, band: { type: ['string', 'null'], enum: ['excellent', 'pass', 'fail', null] }, provisional: { type: 'boolean', description: 'no year-end evaluation yet' }, previousYear: { type: 'object' }, hrFlag: { type: 'boolean', description: '一(十): two failing years in a row' }, hrFlagReason: { type: ['string', 'null'] } }),
  AssessmentSettings: input({ excellentFromTenths: ref('Tenths'), failBelowTenths: ref('Tenths'), yearEndWeightPercent: int('weight of the year-end evaluation, 0–100'), supervisorEmails: { type: 'array', items: { type: 'string', format: 'email' }, maxItems: 20, description: 'the supervisors mailed each published month with its grid (CSV); omitted on PUT: unchanged' } }, ['excellentFromTenths', 'failBelowTenths', 'yearEndWeightPercent']),
  AppealDecided: obj({ appeal: ref('Appeal'), correctedScorecard: { oneOf: [ref('Scorecard'), { type: 'null' }] } }),
};

interface QueryParam {
  name: string;
  schema: Schema;
  description?: string;
  required?: boolean;
}

interface OperationDoc {
  description?: string;
  query?: QueryParam[];
  /** Request body: a schema (JSON), or a map of content type → schema. */
  body?: Schema | { content: Record<string, Schema> };
  /** Success status, description, schema (JSON unless `contentType`). */
  ok: { status: number; description: string; schema?: Schema; contentType?: string };
  /** Business-rule refusals this operation may answer. */
  errors?: number[];
  /** A list: takes limit, cursor and order besides its filters, and refuses unknown parameters. */
  list?: true;
}

/** The list convention: `{data, hasMore, nextCursor}` with `limit`, `cursor`, `order`. */
const PAGE_QUERY: QueryParam[] = [
  { name: 'limit', schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 } },
  { name: 'cursor', schema: { type: 'string' }, description: 'the `nextCursor` of the previous page' },
  { name: 'order', schema: { type: 'string', enum: ['desc', 'asc'], default: 'desc' } },
];
const pageOf = (item: Schema): Schema => obj({ data: { type: 'array', items: item }, hasMore: { type: 'boolean' }, nextCursor: { type: ['string', 'null'] } }, ['data', 'hasMore', 'nextCursor']);
/** The paging parameters of every list (shared/src/list-page.ts). */
const PAGE_PARAMS: QueryParam[] = [
  { name: 'limit', schema: int('rows per page', { minimum: 1, maximum: 500, default: 50 }) },
  { name: 'cursor', schema: str('the `nextCursor` of the previous page, unchanged (opaque)') },
  { name: 'order', schema: { ...en(['desc', 'asc']), default: 'desc' }, description: 'desc = newest first (default)' },
];
const LIST_NOTE = 'A list: `{data, hasMore, nextCursor}`, keyset-paged (stable while rows are added), every filter applied before the limit; an unknown query parameter is a 400 naming it.';
const q = (name: string, schema: Schema, description?: string): QueryParam => ({ name, schema, ...(description ? { description } : {}) });

const created = (schema: Schema, description = 'created'): OperationDoc['ok'] => ({ status: 201, description, schema });
const ok = (schema: Schema, description = 'OK'): OperationDoc['ok'] => ({ status: 200, description, schema });

/** Per operation, keyed `METHOD /path` as in the route table. */
const OPERATIONS: Record<string, OperationDoc> = {
  'GET /healthz': { ok: ok(ref('Health'), 'the process is up') },
  'GET /readyz': { ok: ok(ref('Readiness'), 'ready'), description: 'Answers 503 with the same shape when a part is down.' },
  'GET /metrics': { ok: { status: 200, description: 'Prometheus text exposition', schema: { type: 'string' }, contentType: 'text/plain' } },
  'GET /docs': { ok: { status: 200, description: 'an HTML reference page', schema: { type: 'string' }, contentType: 'text/html' } },
  'GET /docs/openapi.json': { ok: ok({ type: 'object' }, 'this document') },
  'GET /docs/clauses': { ok: { status: 200, description: 'an HTML page, zh and en; each clause at its anchor (e.g. #s6-5)', schema: { type: 'string' }, contentType: 'text/html' } },
  'GET /docs/problems': { ok: { status: 200, description: 'an HTML page listing every problem type', schema: { type: 'string' }, contentType: 'text/html' } },
  'GET /docs/problems/:kind': { ok: { status: 200, description: 'an HTML page: what the problem means and what to do', schema: { type: 'string' }, contentType: 'text/html' } },

  'POST /v1/api-keys': {
    description: 'A key of a tenant role (`tenant_finance`, `tenant_supervisor`, `agent`) needs the `tenantId` of an existing tenant (else 422); an `agent` key also its `agentId`; other roles take neither. The token is shown once and stored only as a hash.',
    body: ref('ApiKeyCreate'),
    ok: created(ref('ApiKeyCreated')),
    errors: [422],
  },
  'GET /v1/api-keys': { list: true, query: [q('role', ref('Role')), q('tenantId', uuid()), q('revoked', en(['true', 'false']))], ok: ok(ref('ApiKeyList'), 'never tokens') },
  'DELETE /v1/api-keys/:id': { ok: ok(ref('ApiKey'), 'the revoked key'), description: 'Revoking twice is harmless. The last active staff key cannot be revoked (409).', errors: [409] },
  'POST /v1/sessions': {
    description:
      'For the console: answers a `seatlease_session` cookie (HttpOnly, SameSite=Strict, Secure behind TLS, 8 hours) that then authenticates calls exactly as the key would. Requests with the cookie that change something must carry `X-CSRF-Token` (403 without). A revoked key’s sessions end with it. 401 for an unknown or revoked key; 403 for a scheduler key or a sign-in from another origin.',
    body: ref('SessionCreate'),
    ok: created(ref('Session'), 'signed in; the cookie is in Set-Cookie'),
    errors: [401, 403],
  },
  'GET /v1/sessions/current': { description: '404 when the request used a bearer token.', ok: ok(ref('Session')) },
  'DELETE /v1/sessions/current': { description: 'Ends the session and clears the cookie. Needs `X-CSRF-Token`.', ok: { status: 204, description: 'signed out' } },
  'GET /v1/clock': { description: 'Test mode only (`SEATLEASE_TEST_CLOCK=1`); 404 otherwise.', ok: ok(ref('Clock')) },
  'PUT /v1/clock': {
    description: 'Test mode only. Moves the clock forward (never back: 422) and runs, in time order, every job that falls due in between (billing runs, dunning, renewal notices, deposit settlements).',
    body: ref('ClockAdvance'),
    ok: ok(ref('ClockAdvanced')),
    errors: [422],
  },

  'POST /v1/tenants': { body: ref('TenantCreate'), ok: created(ref('Tenant')) },
  'GET /v1/tenants': { list: true, query: [q('q', { type: 'string', minLength: 1, maxLength: 200 }, 'part of the name (any case), or a contract number whole or its beginning (`HT-2027-000123`, `HT-2027-0001`): the tenant holding that contract, or that held it before a transfer')], ok: ok(ref('TenantList')), description: 'tenant_finance: its own tenant only.' },
  'PATCH /v1/tenants/:id': {
    description: 'Audited (before and after). A tenant_finance key may change its own tenant’s `billingEmails` only (a name → 403). Invoices already issued keep the addresses they were sent to; later mail goes to the new list.',
    body: ref('TenantUpdate'),
    ok: ok(ref('Tenant')),
  },
  'GET /v1/tenants/:id': { ok: ok(ref('Tenant')) },
  'PUT /v1/tenants/:id/invoicing-profile': {
    description: 'Replaces the tenant’s 开票信息. A bad unified social credit code, or a special (专票) profile without address, phone, bank or account, is refused with the field named and nothing stored. Shown on its bills’ Party B block and copied onto each fapiao request when it is made.',
    body: ref('InvoicingProfileSet'),
    ok: ok(ref('InvoicingProfile')),
  },
  'GET /v1/price-list': { ok: ok(ref('PriceList')) },
  'PUT /v1/price-list/:tier': { description: 'Signed contracts keep the price they copied (§4.2).', body: ref('PriceUpdate'), ok: ok(ref('Price')) },
  'POST /v1/contracts': {
    description: 'The initial seats become the first seat order and the opening invoice (deposit plus the first month, §2.A6/§6.2) is issued.',
    body: ref('ContractCreate'),
    ok: created(ref('Contract')),
    errors: [422],
  },
  'GET /v1/contracts': {
    list: true,
    description: 'Each contract as `GET /v1/contracts/:id` shows it. tenant_finance: its own only.',
    query: [
      q('tenantId', uuid()),
      q('status', en(['pending_opening', 'active', 'suspended', 'terminated', 'expired']), 'as of today'),
      q('endingBefore', date(), 'the last day of service (the termination’s effective date, else the end of term) is before this date'),
    ],
    ok: ok(ref('ContractList')),
  },
  'GET /v1/contracts/:id': { ok: ok(ref('Contract')) },
  'POST /v1/contracts/:id/seat-orders': {
    description: 'At least 5 calendar days’ notice (§6.4), else 422 naming the earliest allowed date; staff may override with `overrideReason`.',
    body: ref('SeatOrderCreate'),
    ok: created(ref('SeatOrderCreated')),
    errors: [422],
  },
  'GET /v1/contracts/:id/seat-orders': { list: true, query: [q('kind', en(['add', 'return']))], ok: ok(ref('SeatOrderList')) },
  'POST /v1/seat-orders/:id/open': { body: ref('SeatOrderOpen'), ok: ok(ref('SeatOrderOpened')), errors: [422] },
  'POST /v1/seat-orders/:id/excuse': { description: 'Resources unavailable: no late opening penalty.', body: ref('SeatOrderExcuse'), ok: ok(ref('SeatOrder')), errors: [422] },
  'POST /v1/contracts/:id/outages': { body: ref('OutageCreate'), ok: created(ref('Outage')), errors: [422] },
  'GET /v1/contracts/:id/outages': { list: true, query: [q('cause', en(['provider', 'tenant', 'maintenance'])), q('startedFrom', instant()), q('startedBefore', instant())], ok: ok(ref('OutageList')) },
  'GET /v1/force-majeure': { list: true, query: [q('contractId', uuid(), 'the events that cover this contract'), q('claimedBy', en(['provider', 'tenant']))], ok: ok(ref('ForceMajeureList')) },
  'POST /v1/force-majeure': { description: 'No `contractIds` = every contract.', body: ref('ForceMajeureCreate'), ok: created(ref('Created')), errors: [422] },
  'POST /v1/contracts/:id/terminations': { body: ref('TerminationCreate'), ok: created(ref('Created')), errors: [422] },
  'POST /v1/contracts/:id/renewals': { body: ref('RenewalCreate'), ok: created(ref('Created')), errors: [422] },
  'POST /v1/contracts/:id/transfers': { description: 'Without recorded consent → 422 (§2.B2).', body: ref('TransferCreate'), ok: created(ref('Created')), errors: [422] },
  'POST /v1/contracts/:id/one-off-charges': { description: 'A negative amount is a credit.', body: ref('OneOffChargeCreate'), ok: created(ref('Created')), errors: [422] },
  'POST /v1/one-off-charges/:id/void': {
    description: 'Voided, never deleted (SPEC §5): kept with who, when and why, audited. If it was billed, the next bill reverses it with a line citing it. Voiding again answers the first void.',
    body: ref('VoidRequest'),
    ok: ok(ref('VoidedRecord')),
    errors: [404],
  },
  'POST /v1/outages/:id/void': {
    description: 'Voided, never deleted (SPEC §5): kept, audited; it leaves previews at once and the next bill takes back its credit with a line citing it. Voiding again answers the first void.',
    body: ref('VoidRequest'),
    ok: ok(ref('Outage')),
    errors: [404],
  },
  'POST /v1/force-majeure/:id/void': {
    description: 'Voided, never deleted (SPEC §5): its days stop counting (credits and §8.X4 delays are recomputed); the next bill corrects with a line citing it. Voiding again answers the first void.',
    body: ref('VoidRequest'),
    ok: ok(ref('VoidedRecord')),
    errors: [404],
  },
  'POST /v1/seat-orders/:id/void': {
    description: 'Only before it takes effect: an add order before its seats open, a return order up to its last day of service; not the initial seats (409). Rent or deposit billed in advance for it is corrected by the next bill.',
    body: ref('VoidRequest'),
    ok: ok(ref('SeatOrder')),
    errors: [404, 409],
  },
  'GET /v1/contracts/:id/audit-log': { list: true, query: [q('action', str()), q('entity', str())], ok: ok(ref('AuditLog')) },
  'GET /v1/audit-log': { list: true, query: [q('contractId', uuid()), q('entity', str('tenant, contract, seat_order, outage, …')), q('entityId', str()), q('action', str('e.g. tenant.updated'))], ok: ok(ref('AuditLog')) },

  'GET /v1/contracts/:id/upcoming-invoice': { query: [{ name: 'period', schema: month(), required: true }], ok: ok(ref('InvoicePreview'), 'a preview; nothing stored') },
  'GET /v1/calls': {
    list: true,
    query: [{ name: 'contractId', schema: uuid(), required: true }, q('month', month()), q('seat', str()), q('callType', en(['local', 'domestic', 'mobile'])), q('startedFrom', instant()), q('startedBefore', instant())],
    ok: ok(ref('CallList')),
  },
  'POST /v1/calls': {
    description:
      'A JSON array of call records, or `text/csv` with the header `id,seat,startedAt,durationSeconds,callType` (and a `contractId` column, or `?contractId=`). CSV uploads up to 64 MB are streamed through; JSON bodies up to 1 MB. Idempotent by record id.',
    query: [{ name: 'contractId', schema: uuid(), description: 'the contract of every record (CSV without a contractId column)' }],
    body: {
      content: {
        'application/json': ref('CallImport'),
        'text/csv': { type: 'string', description: 'id,seat,startedAt,durationSeconds,callType[,contractId]' },
      },
    },
    ok: ok(ref('CallImportResult')),
  },
  'POST /v1/calls/:id/void': {
    description:
      'Replaces a wrong call record (decision 0019): void it, then import the corrected record under the same id. Only before it is billed (its month’s phone line on an invoice → 409). The record is kept with who, when and why; voiding again answers the last void.',
    body: ref('VoidRequest'),
    ok: ok(obj({ id: str(), contractId: uuid(), seat: str(), startedAt: instant(), durationSeconds: int(), callType: str(), voidedAt: instant(), voidedBy: str(), voidReason: str() }, ['id', 'voidedAt'])),
    errors: [404, 409],
  },
  'POST /v1/billing-runs': { description: 'One run per period, however often called.', body: ref('BillingRunCreate'), ok: ok(ref('BillingRun')), errors: [422] },
  'GET /v1/billing-runs': { list: true, query: [q('status', en(['running', 'completed'])), q('periodFrom', month()), q('periodTo', month())], ok: ok(ref('BillingRunList'), 'latest period first') },
  'GET /v1/billing-runs/:id': { ok: ok(ref('BillingRun')) },
  'GET /v1/invoices': {
    description: 'Bills (账单 / 付款通知书). tenant_finance: its own tenant’s bills only.',
    list: true,
    query: [
      q('tenantId', uuid()),
      q('contractId', uuid()),
      q('number', str('an invoice number, e.g. INV-2027-000001')),
      q('period', month()),
      q('periodFrom', month(), 'periods from this month on'),
      q('periodTo', month(), 'periods up to this month'),
      q('dueBefore', date(), 'due date before this date'),
      q('status', en(['open', 'paid', 'void'])),
      q('overdue', en(['true', 'false']), 'true: open and past its due date today'),
    ],
    ok: ok(ref('InvoiceList'), 'newest first by issue date, then number'),
  },
  'GET /v1/invoices/export': {
    description: 'Streamed. Amounts in yuan with two decimals (exact, from fen); Chinese headers unless `lang=en`; `lines=1` gives one row per bill line. tenant_finance: its own.',
    query: [
      q('format', { ...en(['csv', 'xlsx']), default: 'csv' }),
      q('lang', { ...en(['zh', 'en']), default: 'zh' }),
      q('lines', { ...en(['0', '1']), default: '0' }, '1 = one row per bill line'),
      q('tenantId', uuid()), q('contractId', uuid()), q('number', str()), q('period', month()), q('periodFrom', month()), q('periodTo', month()),
      q('dueBefore', date()), q('status', en(['open', 'paid', 'void'])), q('overdue', en(['true', 'false'])),
    ],
    ok: { status: 200, description: 'text/csv (UTF-8 with BOM) or an XLSX workbook', schema: { type: 'string', format: 'binary' }, contentType: 'text/csv' },
  },
  'GET /v1/invoices/:id': { ok: ok(ref('Invoice')) },
  'GET /v1/invoices/:id/pdf': { ok: { status: 200, description: 'the bill PDF (账单 / 付款通知书 — a payment notice, not a fapiao)', schema: { type: 'string', format: 'binary' }, contentType: 'application/pdf' } },
  'POST /v1/invoices/:id/credit-notes': { description: 'A credit note (账单冲减通知) against a bill; never more than the bill’s remaining amount. Its red-letter (红字) fapiao is requested separately.', body: ref('CreditNoteCreate'), ok: created(ref('CreditNote')), errors: [422] },
  'POST /v1/payments': { description: 'Without `invoiceId` it pays the oldest open invoices first.', body: ref('PaymentCreate'), ok: created(ref('Payment')), errors: [422] },
  'POST /v1/payments/:id/reverse': {
    description: 'A bank transfer recorded against the wrong tenant or amount: kept with who, when and why; the invoices it paid reopen, credit it left is taken back, and the statement shows both movements. Reversing again answers the first reversal.',
    body: ref('VoidRequest'),
    ok: ok(ref('Payment')),
    errors: [404, 409],
  },
  'GET /v1/payments': {
    list: true,
    query: [q('tenantId', uuid()), q('receivedFrom', date()), q('receivedTo', date()), q('method', en(['bank_transfer', 'card', 'alipay', 'wechat_pay'])), q('reference', str())],
    ok: ok(ref('PaymentList'), 'newest first by the day received'),
  },
  'GET /v1/payments/export': {
    description: 'Streamed; amounts in yuan with two decimals; Chinese headers unless `lang=en`. tenant_finance: its own.',
    query: [
      q('format', { ...en(['csv', 'xlsx']), default: 'csv' }),
      q('lang', { ...en(['zh', 'en']), default: 'zh' }),
      q('tenantId', uuid()), q('receivedFrom', date()), q('receivedTo', date()), q('method', en(['bank_transfer', 'card', 'alipay', 'wechat_pay'])), q('reference', str()),
    ],
    ok: { status: 200, description: 'text/csv (UTF-8 with BOM) or an XLSX workbook', schema: { type: 'string', format: 'binary' }, contentType: 'text/csv' },
  },
  'GET /v1/credit-notes/:id': { description: 'tenant_finance: its own (another tenant’s answers 404).', ok: ok(ref('CreditNote')) },
  'GET /v1/credit-notes': { list: true, query: [q('tenantId', uuid()), q('invoiceId', uuid()), q('issuedFrom', date()), q('issuedTo', date())], ok: ok(ref('CreditNoteList')) },
  'GET /v1/payments/stripe-config': { description: 'Answers 503 (not_configured) when Stripe or its publishable key is not configured here: the console then shows no pay button and says why.', ok: ok(ref('StripeConfig')) },
  'POST /v1/payments/stripe-intents': { description: 'Only when Stripe is configured.', body: ref('StripeIntentCreate'), ok: created(ref('StripeIntent')), errors: [422] },
  'POST /v1/webhooks/stripe': {
    description: 'Called by Stripe, without a token. The raw body is forwarded byte for byte with its `Stripe-Signature`, which billing-service verifies.',
    body: { content: { 'application/json': { type: 'object' } } },
    ok: ok({ type: 'object' }, 'received'),
  },
  'GET /v1/tenants/:id/statement': { description: 'Each bill and credit note says where its fapiao stands (`fapiao`).', ok: ok(ref('Statement')) },
  'GET /v1/fapiao-requests': {
    description: 'A blue request is made for each bill when it is paid (or issued: SEATLEASE_FAPIAO_REQUEST_ON), for its revenue lines only — deposits and credit carried are not sold; a credit note issued after it gets a 红字 request. Lists page as every list does.',
    query: [
      { name: 'status', schema: en(['pending', 'issued', 'not_required']) },
      { name: 'kind', schema: en(['blue', 'red']) },
      { name: 'tenantId', schema: uuid() },
    ],
    list: true,
    ok: ok(ref('FapiaoRequestPage')),
  },
  'GET /v1/fapiao-requests/export': {
    description: 'The pending blue requests (oldest first, at most `limit`, default 500) as the tax platform’s batch-issuance workbook (数电发票 批量开票 导入模板 V260401: sheets 1-发票基本信息, 2-发票明细信息, 3-特定业务信息, 4-附加要素信息, excelVersion; every cell text) or as CSV with amounts excluding tax and the tax per line. Requests whose tenant has no invoicing profile are left out (`X-SeatLease-Skipped-No-Profile`).',
    query: [
      { name: 'format', schema: en(['xlsx', 'csv']) },
      { name: 'tenantId', schema: uuid() },
      { name: 'limit', schema: int('1–500, default 500') },
    ],
    ok: { status: 200, description: 'the batch file', schema: { type: 'string', format: 'binary' }, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  },
  'POST /v1/fapiao-requests/:id/issued': {
    description: 'Records the issued fapiao’s number and date; the same again answers the same, anything else for an issued request is 409, as is a number already recorded elsewhere.',
    body: ref('FapiaoIssued'),
    ok: ok(ref('FapiaoRequest')),
    errors: [409, 422],
  },
  'GET /v1/reports/ar-aging': { query: [q('asOf', date(), 'default: today')], ok: ok(ref('ArAging')) },
  'GET /v1/reports/ar-aging/export': {
    description: 'One row per tenant, then the totals; yuan with two decimals; Chinese headers unless `lang=en`.',
    query: [q('asOf', date()), q('format', { ...en(['csv', 'xlsx']), default: 'csv' }), q('lang', { ...en(['zh', 'en']), default: 'zh' })],
    ok: { status: 200, description: 'text/csv (UTF-8 with BOM) or an XLSX workbook', schema: { type: 'string', format: 'binary' }, contentType: 'text/csv' },
  },
  'GET /v1/tenants/:id/statement/export': {
    description: 'The statement of account: opening balance, every movement with its running balance, closing balance. tenant_finance: its own.',
    query: [q('from', date()), q('to', date()), q('format', { ...en(['csv', 'xlsx']), default: 'csv' }), q('lang', { ...en(['zh', 'en']), default: 'zh' })],
    ok: { status: 200, description: 'text/csv (UTF-8 with BOM) or an XLSX workbook', schema: { type: 'string', format: 'binary' }, contentType: 'text/csv' },
  },
  'PUT /v1/calendar/:year': { description: 'Official holidays and make-up working days, published each November.', body: ref('CalendarYear'), ok: ok(ref('CalendarYearView')), errors: [422] },
  'GET /v1/calendar/:year': { ok: ok(ref('CalendarYearView')) },
  'POST /v1/incidents': {
    description: 'Opens an incident while it happens. Nothing is credited until it is resolved. `major` queues a major-fault warning mail to every affected tenant at once (once per tenant, however many replicas).',
    body: ref('IncidentCreate'),
    ok: created(ref('Incident')),
    errors: [422],
  },
  'GET /v1/incidents': { list: true, query: [{ name: 'status', schema: en(['open', 'resolved']) }, { name: 'contractId', schema: uuid() }], ok: ok(pageOf(ref('Incident')), 'latest start first') },
  'GET /v1/incidents/:id': { ok: ok(ref('Incident')) },
  'PATCH /v1/incidents/:id': { description: 'Only while open (a resolved incident answers 409: void its outage records instead). Raising it to `major` warns the affected tenants then.', body: ref('IncidentUpdate'), ok: ok(ref('Incident')), errors: [409, 422] },
  'POST /v1/incidents/:id/resolve': {
    description: 'Ends the incident: each affected contract gets the outage record it would have had if entered after the fact (SPEC §5: restore window, split at midnight, rounded up, the 15-day waiver). A major incident sends a service_restored mail.',
    body: ref('IncidentResolve'),
    ok: ok(ref('Incident')),
    errors: [409, 422],
  },
  'GET /v1/tenants/:id/incidents': { description: "The incidents touching the tenant's contracts, showing only its own contracts.", list: true, query: [{ name: 'status', schema: en(['open', 'resolved']) }, { name: 'contractId', schema: uuid() }], ok: ok(pageOf(ref('Incident')), 'latest start first') },
  'POST /v1/contracts/:id/seat-log': {
    description: 'A seat opened or closed by the agent account on duty, a seat that failed to open (第十条), or a handover at a shift change (三). A handover is oral by default; while an incident is open on the contract or a matter is unresolved it must be written, with `notes` (else 422 naming `notes`).',
    body: ref('SeatLogCreate'),
    ok: created(ref('SeatLogEntry')),
    errors: [422],
  },
  'GET /v1/contracts/:id/seat-log': { list: true, query: [{ name: 'kind', schema: en(['open', 'close', 'open_failed', 'handover']) }, { name: 'seat', schema: str() }, { name: 'from', schema: instant(), description: 'events at or after this instant' }, { name: 'to', schema: instant(), description: 'events before this instant' }], ok: ok(pageOf(ref('SeatLogEntry')), 'latest event first') },
  'POST /v1/seat-log/:id/incident': { description: 'Turns a seat that failed to open into an incident on that seat (one call), once.', body: ref('SeatLogIncident'), ok: created(ref('Incident')), errors: [409, 422] },
  'GET /v1/contracts/:id/traffic': {
    description: 'Per seat: calls, billed minutes, seconds, by call type, the busiest hour and the hours the seat was open (from the seat log). `format=csv` or `format=pdf` for the files.',
    query: [{ name: 'period', schema: month(), required: true }, { name: 'format', schema: en(['json', 'csv', 'pdf']) }],
    ok: ok(ref('TrafficReport')),
  },
  'GET /v1/deposits': { query: [{ name: 'contractId', schema: uuid(), required: true }], ok: ok(ref('DepositLedger')) },

  'GET /v1/assessment-catalogue': { query: [{ name: 'month', schema: month(), description: 'default: this month' }], ok: ok(ref('Catalogue')) },
  'POST /v1/assessment-catalogue/versions': { description: 'Copies the version in force and changes the listed items’ points. A version never starts in or before a published month (409), so a published month is never rescored.', body: ref('CatalogueVersionCreate'), ok: created(ref('Catalogue')), errors: [422] },
  'POST /v1/agents': { body: ref('AgentCreate'), ok: created(ref('Agent')), errors: [422] },
  'GET /v1/agents': { query: [{ name: 'tenantId', schema: uuid() }, ...PAGE_QUERY], ok: ok(pageOf(ref('Agent'))) },
  'GET /v1/agents/:id': { ok: ok(ref('Agent')) },
  'GET /v1/agents/:id/scorecard-preview': { query: [{ name: 'month', schema: month(), required: true }], ok: ok(ref('ScorecardPreview'), 'the month as it stands; nothing stored') },
  'POST /v1/assessment-events': {
    description: 'The item must be in the month’s catalogue, apply to one of the agent’s roles, and `selfReported` only on the halvable errors of 二(三)4–5. A published month takes no new events (409): it changes only through an appeal.',
    body: ref('AssessmentEventCreate'),
    ok: created(ref('AssessmentEvent')),
    errors: [422],
  },
  'GET /v1/assessment-events': { query: [{ name: 'tenantId', schema: uuid() }, { name: 'agentId', schema: uuid() }, { name: 'month', schema: month() }, ...PAGE_QUERY], ok: ok(pageOf(ref('AssessmentEvent'))) },
  'POST /v1/assessment-events/:id/void': { body: ref('VoidRequest'), ok: ok(ref('AssessmentEvent')) },
  'POST /v1/workdays': { description: 'One row per agent, day and role: 实际出勤 and 处理总量 of the workload benchmark (二(三)12–13).', body: ref('WorkdayCreate'), ok: created(ref('Workday')), errors: [422] },
  'GET /v1/workdays': { query: [{ name: 'tenantId', schema: uuid() }, { name: 'agentId', schema: uuid() }, { name: 'month', schema: month() }, ...PAGE_QUERY], ok: ok(pageOf(ref('Workday'))) },
  'POST /v1/workdays/:id/void': { body: ref('VoidRequest'), ok: ok(ref('Workday')) },
  'POST /v1/assessment-publications': { description: 'Once the month is over (else 422); once per tenant and month (else 409). Each part is limited to its points and stops at 0 (一(五)).', body: ref('PublicationCreate'), ok: created(ref('Publication')), errors: [422] },
  'GET /v1/scorecards': { query: [{ name: 'tenantId', schema: uuid() }, { name: 'agentId', schema: uuid() }, { name: 'month', schema: month() }, ...PAGE_QUERY], ok: ok(pageOf(ref('Scorecard'))) },
  'GET /v1/scorecards/:id': { ok: ok(ref('Scorecard')) },
  'GET /v1/scorecards/:id/pdf': { ok: { status: 200, description: 'the scorecard PDF (Chinese, Noto Sans SC)', schema: { type: 'string', format: 'binary' }, contentType: 'application/pdf' } },
  'GET /v1/scorecards/export': {
    query: [{ name: 'format', schema: en(['csv']) }, { name: 'month', schema: month(), required: true }, { name: 'tenantId', schema: uuid(), description: 'staff: required; a supervisor: its own tenant' }],
    ok: { status: 200, description: 'one row per agent (current version): parts, total, one column per item', schema: { type: 'string' }, contentType: 'text/csv' },
  },
  'POST /v1/scorecards/:id/appeals': { description: '一(七): within 2 calendar days after publication (Asia/Shanghai); later → 422 naming the window. Only the current version; one pending appeal at a time (409).', body: ref('AppealCreate'), ok: created(ref('Appeal')), errors: [422] },
  'GET /v1/appeals': { query: [{ name: 'tenantId', schema: uuid() }, { name: 'agentId', schema: uuid() }, { name: 'status', schema: en(['pending', 'upheld', 'refused']) }, ...PAGE_QUERY], ok: ok(pageOf(ref('Appeal'))) },
  'GET /v1/appeals/:id': { ok: ok(ref('Appeal')) },
  'POST /v1/year-end-evaluations': { description: 'One per agent and year (409 after); 0–100 points in tenths.', body: ref('YearEndCreate'), ok: created(ref('YearEnd')), errors: [422] },
  'GET /v1/agents/:id/years/:year': { description: 'Year score = monthly average × (100 − w)% + year-end × w%, rounded once to a tenth; bands from the tenant’s settings (default excellent ≥ 90, failing < 60, w = 30).', ok: ok(ref('AssessmentYear')) },
  'GET /v1/tenants/:id/assessment-settings': { ok: ok(ref('AssessmentSettings')) },
  'PUT /v1/tenants/:id/assessment-settings': { body: ref('AssessmentSettings'), ok: ok(ref('AssessmentSettings')), errors: [422] },
  'POST /v1/appeals/:id/decision': { description: 'Upheld: the named corrections are applied and a corrected scorecard version is issued with the reason; the published one is never edited. Due within 2 days of lodging (`answeredLate` says if not).', body: ref('AppealDecision'), ok: ok(ref('AppealDecided')), errors: [422] },
};

const PATH_PARAMS: Record<string, Schema> = {
  id: uuid(),
  tier: ref('SeatTier'),
  year: { type: 'integer', minimum: 2000, maximum: 2100 },
  kind: { type: 'string', description: 'a problem kind, e.g. validation' },
};

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
    parameters.push({ name, in: 'path', required: true, schema: PATH_PARAMS[name!] ?? { type: 'string' } });
  }
  for (const p of [...(doc?.query ?? []), ...(doc?.list ? PAGE_PARAMS : [])]) {
    parameters.push({ name: p.name, in: 'query', required: p.required ?? false, schema: p.schema, ...(p.description ? { description: p.description } : {}) });
  }
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
    const content =
      'content' in doc.body
        ? Object.fromEntries(Object.entries(doc.body.content as Record<string, Schema>).map(([type, schema]) => [type, { schema }]))
        : { 'application/json': { schema: doc.body } };
    operation.requestBody = { required: true, content };
  }

  const responses: Record<string, Schema> = {};
  const success = doc?.ok ?? ok({ type: 'object' });
  responses[String(success.status)] = {
    description: success.description,
    ...(success.schema ? { content: { [success.contentType ?? 'application/json']: { schema: success.schema } } } : {}),
  };
  const errors = new Set<number>(doc?.errors ?? []);
  if (route.path.startsWith('/v1/')) {
    errors.add(404);
    errors.add(429);
    if (!isPublic) {
      errors.add(401);
      errors.add(403);
    }
    if (doc?.body || doc?.query?.length || route.path.includes(':')) errors.add(400);
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
      schemas: SCHEMAS,
    },
  };
}

export const openApiDocument = buildOpenApiDocument();
