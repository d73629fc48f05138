/** Agent assessment (坐席员考核细则): agents, the item catalogue, events, workdays, scorecards, appeals, years. */
import { z } from 'zod';
import { listQuery } from '../list-page';
import { isoDate, month, text, uuid } from '../validation';
import { CalendarDate, component, Instant, Month, Uuid } from './common';

/** The seed's roles: 受理员, 派遣员, 值班长, 指挥长. */
export const AGENT_ROLES = ['intake', 'dispatcher', 'shift_lead', 'commander'] as const;


export const AgentRole = component('AgentRole', z.enum(AGENT_ROLES).meta({ description: '受理员 | 派遣员 | 值班长 | 指挥长' }));
export const Points = component('Points', z.string().meta({ pattern: '^-?\\d+\\.\\d$', description: 'points with one decimal, e.g. "12.5" (exact: the `…Tenths` integer beside it is the value)', examples: ['98.5'] }));
export const Tenths = component('Tenths', z.number().int().meta({ description: 'tenths of a point, an integer (5 = 0.5 points)' }));

// The catalogue.
export const CatalogueQuery = z.object({ month: month().optional().meta({ description: 'default: this month' }) }).strict();
export const CatalogueVersionCreate = component(
  'CatalogueVersionCreate',
  z
    .object({
      effectiveFrom: month().meta({ description: 'the first month it scores; after every published month' }),
      note: text(500),
      changes: z
        .array(
          z
            .object({
              code: z.string().max(100),
              pointsTenths: z.number({ message: 'must be an integer number of tenths of a point' }).int({ message: 'must be whole tenths' }).min(-1000).max(1000),
            })
            .strict(),
        )
        .min(1, { message: 'needs at least one change' })
        .max(200),
    })
    .strict(),
);
export const CatalogueItem = component(
  'CatalogueItem',
  z.object({
    code: z.string().optional(),
    part: z.enum(['internal', 'discipline', 'business']).optional(),
    clause: z.string().meta({ description: 'e.g. 二(三)4' }).optional(),
    title: z.string().optional(),
    pointsTenths: Tenths.optional(),
    points: Points.optional(),
    unit: z.string().optional(),
    roles: z.array(AgentRole).nullable().optional(),
    halvable: z.boolean().optional(),
    source: z.enum(['event', 'workload']).optional(),
  }),
);
export const Catalogue = component(
  'Catalogue',
  z.object({
    version: z.number().int().optional(),
    effectiveFrom: Month.optional(),
    note: z.string().optional(),
    parts: z.array(z.object({ part: z.string().optional(), title: z.string().optional(), clause: z.string().optional(), maxTenths: Tenths.optional(), max: Points.optional() })).optional(),
    items: z.array(CatalogueItem).optional(),
  }),
);

// Agents.
export const AgentCreate = component(
  'AgentCreate',
  z
    .object({
      /** Staff name the tenant; a supervisor's own tenant is taken when omitted. */
      tenantId: uuid().optional().meta({ description: 'staff: required; a supervisor: its own tenant' }),
      name: text(200),
      employeeNo: text(50).optional(),
      /** The agent account they use in the seat shift log: their seats' calls are their handled count (decision 0075). */
      seatAccount: text(100)
        .optional()
        .meta({ description: 'the agent account they use in the seat shift log: their seats’ calls count as handled (二(三)12–13); unique in the tenant' }),
      /** The scorecard is mailed here when a month is published (decision 0074). */
      email: z
        .string()
        .trim()
        .email({ message: 'must be an email address' })
        .max(254)
        .optional()
        .meta({ description: 'where the scorecard is mailed when a month is published; omitted: not mailed' }),
      /** The seed's roles; one agent may hold two (二(三)13: 其担任受理员、派遣员时 … 两者之和). */
      roles: z
        .array(z.enum(AGENT_ROLES, { message: `must be one of ${AGENT_ROLES.join(', ')}` }), { message: 'must be a list of roles' })
        .min(1, { message: 'needs at least one role' })
        .max(2, { message: 'an agent holds at most two roles' })
        .refine((r) => new Set(r).size === r.length, { message: 'must not repeat a role' }),
      joinedOn: isoDate().optional(),
    })
    .strict(),
);
export const AgentListQuery = listQuery({ tenantId: uuid().optional() });
export const Agent = component(
  'Agent',
  z.object({
    id: Uuid.optional(),
    tenantId: Uuid.optional(),
    name: z.string().optional(),
    employeeNo: z.string().nullable().optional(),
    email: z.string().nullable().optional(),
    seatAccount: z.string().nullable().optional(),
    roles: z.array(AgentRole).optional(),
    joinedOn: CalendarDate.optional(),
    createdAt: Instant.optional(),
  }),
);
export const AgentList = component('AgentList', z.object({ data: z.array(Agent), hasMore: z.boolean(), nextCursor: z.string().nullable() }));

// Events.
export const eventFields = {
  itemCode: z.string({ message: 'must be an item code of the catalogue' }).min(1).max(100).meta({ description: 'a catalogue item code, e.g. attendance.late_or_early' }),
  occurredOn: isoDate(),
  count: z
    .number({ message: 'must be a whole number of occurrences' })
    .int({ message: 'must be a whole number' })
    .min(1, { message: 'must be at least 1' })
    .max(1000, { message: 'must be at most 1000' })
    .default(1)
    .meta({ description: 'occurrences (or units: cameras, cases, nodes), 1–1000; default 1' }),
  note: text(1000).optional(),
  selfReported: z.boolean({ message: 'must be true or false' }).default(false).meta({ description: '二(三)4–5: found, reported and corrected by the agent → half the deduction' }),
};
export const AssessmentEventCreate = component('AssessmentEventCreate', z.object({ agentId: uuid(), ...eventFields }).strict());
/** An event an upheld appeal adds: the appealed agent's, so without `agentId`. */
export const AppealEventCreate = component('AppealEventCreate', z.object(eventFields).strict());
export const AssessmentEventListQuery = listQuery({ tenantId: uuid().optional(), agentId: uuid().optional(), month: month().optional() });
export const AssessmentEvent = component(
  'AssessmentEvent',
  z.object({
    id: Uuid.optional(),
    tenantId: Uuid.optional(),
    agentId: Uuid.optional(),
    itemCode: z.string().optional(),
    occurredOn: CalendarDate.optional(),
    count: z.number().int().optional(),
    selfReported: z.boolean().optional(),
    note: z.string().nullable().optional(),
    appealId: z.string().nullable().optional(),
    createdAt: Instant.optional(),
    voidedAt: z.string().nullable().optional(),
    voidReason: z.string().nullable().optional(),
  }),
);
export const AssessmentEventList = component('AssessmentEventList', z.object({ data: z.array(AssessmentEvent), hasMore: z.boolean(), nextCursor: z.string().nullable() }));

// Workdays.
export const WorkdayCreate = component(
  'WorkdayCreate',
  z
    .object({
      agentId: uuid(),
      workDate: isoDate(),
      role: z.enum(AGENT_ROLES, { message: `must be one of ${AGENT_ROLES.join(', ')}` }),
      handled: z
        .number({ message: 'must be a whole number of cases' })
        .int({ message: 'must be a whole number' })
        .min(0, { message: 'must not be negative' })
        .max(10000, { message: 'must be at most 10000' })
        .meta({ description: 'cases handled that day in that role' }),
    })
    .strict(),
);
export const WorkdayListQuery = listQuery({ tenantId: uuid().optional(), agentId: uuid().optional(), month: month().optional() });
export const Workday = component(
  'Workday',
  z.object({
    id: Uuid.optional(),
    tenantId: Uuid.optional(),
    agentId: Uuid.optional(),
    role: AgentRole.optional(),
    workDate: CalendarDate.optional(),
    handled: z.number().int().optional(),
    source: z.enum(['recorded', 'seat_log']).meta({ description: 'recorded by a supervisor, or derived at publication from the seat shift log and the calls' }).optional(),
    createdAt: Instant.optional(),
    voidedAt: z.string().nullable().optional(),
    voidReason: z.string().nullable().optional(),
  }),
);
export const WorkdayList = component('WorkdayList', z.object({ data: z.array(Workday), hasMore: z.boolean(), nextCursor: z.string().nullable() }));

// Scorecards and their publication.
export const ScorecardPreviewQuery = z.object({ month: month() }).strict();
export const PublicationCreate = component(
  'PublicationCreate',
  z.object({ tenantId: uuid().optional().meta({ description: 'staff: required; a supervisor: its own tenant' }), month: month().meta({ description: 'a month that is over' }) }).strict(),
);
export const ScorecardListQuery = listQuery({ tenantId: uuid().optional(), agentId: uuid().optional(), month: month().optional() });
export const ScorecardExportQuery = z
  .object({ format: z.enum(['csv'], { message: 'must be csv' }).default('csv'), month: month(), tenantId: uuid().optional().meta({ description: 'staff: required; a supervisor: its own tenant' }) })
  .strict();
export const Publication = component(
  'Publication',
  z.object({
    id: Uuid.optional(),
    tenantId: Uuid.optional(),
    month: Month.optional(),
    catalogueVersion: z.number().int().optional(),
    publishedOn: CalendarDate.optional(),
    publishedAt: Instant.optional(),
    scorecards: z.array(z.object({ id: Uuid.optional(), agentId: Uuid.optional(), agentName: z.string().optional(), total: Points.optional(), totalTenths: Tenths.optional() })).optional(),
    mailsQueued: z.number().int().meta({ description: 'mails queued: one per agent with an email, one to the supervisors if the tenant set their addresses' }).optional(),
  }),
);
export const ScorecardPart = component(
  'ScorecardPart',
  z.object({
    part: z.string().optional(),
    title: z.string().optional(),
    clause: z.string().optional(),
    max: Points.optional(),
    deductions: Points.optional(),
    bonuses: Points.optional(),
    score: Points.optional(),
    scoreTenths: Tenths.optional(),
    maxTenths: Tenths.optional(),
    deductionsTenths: Tenths.optional(),
    bonusesTenths: Tenths.optional(),
    uncappedTenths: Tenths.meta({ description: 'the score before the part stopped at 0 or at its points' }).optional(),
    capped: z.boolean().meta({ description: 'the part stopped at 0 or at its points' }).optional(),
  }),
);
export const ScorecardLine = component(
  'ScorecardLine',
  z.object({
    itemCode: z.string().optional(),
    part: z.string().optional(),
    clause: z.string().optional(),
    title: z.string().optional(),
    count: z.number().int().optional(),
    unitPoints: Points.optional(),
    unitTenths: Tenths.optional(),
    points: Points.optional(),
    pointsTenths: Tenths.optional(),
    selfReported: z.boolean().optional(),
    detail: z.record(z.string(), z.unknown()).meta({ description: 'workload lines: benchmark, totals, own handled and days' }).optional(),
  }),
);
export const ScorecardPreview = component(
  'ScorecardPreview',
  z.object({
    agentId: Uuid.optional(),
    month: Month.optional(),
    catalogueVersion: z.number().int().optional(),
    total: Points.optional(),
    totalTenths: Tenths.optional(),
    parts: z.array(ScorecardPart).optional(),
    lines: z.array(ScorecardLine).optional(),
  }),
);
export const Scorecard = component(
  'Scorecard',
  z.object({
    id: Uuid.optional(),
    tenantId: Uuid.optional(),
    agentId: Uuid.optional(),
    month: Month.optional(),
    version: z.number().int().optional(),
    catalogueVersion: z.number().int().optional(),
    total: Points.optional(),
    totalTenths: Tenths.optional(),
    parts: z.array(ScorecardPart).optional(),
    lines: z.array(ScorecardLine).optional(),
    supersedesId: z.string().nullable().optional(),
    appealId: z.string().nullable().optional(),
    reason: z.string().nullable().optional(),
    issuedOn: CalendarDate.optional(),
    issuedAt: Instant.optional(),
    appealWindow: z.object({ opensOn: CalendarDate.optional(), closesOn: CalendarDate.optional() }).optional(),
    current: z.boolean().meta({ description: 'GET /v1/scorecards/:id: whether this is the month’s current version' }).optional(),
    currentId: Uuid.meta({ description: 'GET /v1/scorecards/:id: the month’s current version' }).optional(),
  }),
);
export const ScorecardList = component('ScorecardList', z.object({ data: z.array(Scorecard), hasMore: z.boolean(), nextCursor: z.string().nullable() }));

// Appeals.
export const AppealCreate = component('AppealCreate', z.object({ reason: text(2000) }).strict());
export const AppealDecision = component(
  'AppealDecision',
  z
    .object({
      outcome: z.enum(['upheld', 'refused'], { message: 'must be upheld or refused' }),
      reason: text(2000),
      voidEventIds: z.array(uuid()).max(200).default([]),
      events: z.array(AppealEventCreate).max(200).default([]),
    })
    .strict(),
);
export const AppealListQuery = listQuery({ tenantId: uuid().optional(), agentId: uuid().optional(), status: z.enum(['pending', 'upheld', 'refused'], { message: 'must be pending, upheld or refused' }).optional() });
export const Appeal = component(
  'Appeal',
  z.object({
    id: Uuid.optional(),
    tenantId: Uuid.optional(),
    agentId: Uuid.optional(),
    scorecardId: Uuid.optional(),
    reason: z.string().optional(),
    lodgedOn: CalendarDate.optional(),
    lodgedAt: Instant.optional(),
    answerDueOn: CalendarDate.optional(),
    status: z.enum(['pending', 'upheld', 'refused']).optional(),
    decisionReason: z.string().nullable().optional(),
    decidedOn: z.string().nullable().optional(),
    decidedAt: Instant.nullable().optional(),
    answeredLate: z.boolean().nullable().optional(),
    correctedScorecardId: z.string().nullable().optional(),
  }),
);
export const AppealList = component('AppealList', z.object({ data: z.array(Appeal), hasMore: z.boolean(), nextCursor: z.string().nullable() }));
export const AppealDecided = component('AppealDecided', z.object({ appeal: Appeal.optional(), correctedScorecard: Scorecard.nullable().optional() }));

// Years.
export const YearEndCreate = component(
  'YearEndCreate',
  z
    .object({
      agentId: uuid(),
      year: z.number({ message: 'must be a year' }).int({ message: 'must be a year' }).min(2000, { message: 'must be 2000 or later' }).max(2100, { message: 'must be 2100 or earlier' }),
      scoreTenths: z
        .number({ message: 'must be tenths of a point, 0–1000' })
        .int({ message: 'must be whole tenths' })
        .min(0, { message: 'must be at least 0' })
        .max(1000, { message: 'must be at most 1000 (100 points)' }),
      note: text(1000).optional(),
    })
    .strict(),
);
export const YearEnd = component(
  'YearEnd',
  z.object({ id: Uuid.optional(), agentId: Uuid.optional(), year: z.number().int().optional(), scoreTenths: Tenths.optional(), note: z.string().nullable().optional(), createdAt: Instant.optional() }),
);
export const AssessmentYear = component(
  'AssessmentYear',
  z.object({
    agentId: Uuid.optional(),
    year: z.number().int().optional(),
    bands: z.object({ excellentFrom: Points, failBelow: Points, yearEndWeightPercent: z.number().int() }).meta({ description: 'the tenant’s year bands (assessment settings)' }).optional(),
    months: z.array(z.object({ month: Month.optional(), scorecardId: Uuid.optional(), version: z.number().int().optional(), total: Points.optional(), totalTenths: Tenths.optional() })).optional(),
    monthsCounted: z.number().int().optional(),
    scoreTenths: Tenths.nullable().optional(),
    monthlyAverage: z.string().nullable().optional(),
    yearEnd: z.string().nullable().optional(),
    score: z.string().nullable().optional(),
    band: z.enum(['excellent', 'pass', 'fail']).nullable().optional(),
    provisional: z.boolean().meta({ description: 'no year-end evaluation yet' }).optional(),
    previousYear: z.record(z.string(), z.unknown()).optional(),
    hrFlag: z.boolean().meta({ description: '一(十): two failing years in a row' }).optional(),
    hrFlagReason: z.string().nullable().optional(),
  }),
);

const tenths = (name: string) =>
  z.number({ message: `${name} must be tenths of a point, 0–1000` }).int({ message: 'must be whole tenths' }).min(0, { message: 'must be at least 0' }).max(1000, { message: 'must be at most 1000' });
export const AssessmentSettingsSet = component(
  'AssessmentSettingsSet',
  z
    .object({
      excellentFromTenths: tenths('excellentFromTenths'),
      failBelowTenths: tenths('failBelowTenths'),
      yearEndWeightPercent: z
        .number({ message: 'must be a whole percent 0–100' })
        .int({ message: 'must be a whole percent' })
        .min(0, { message: 'must be at least 0' })
        .max(100, { message: 'must be at most 100' })
        .meta({ description: 'weight of the year-end evaluation, 0–100' }),
      /** The supervisors who get each published month by mail (decision 0074); omitted: unchanged. */
      supervisorEmails: z
        .array(z.string().trim().email({ message: 'must be an email address' }).max(254), { message: 'must be a list of email addresses' })
        .max(20, { message: 'at most 20 addresses' })
        .optional()
        .meta({ description: 'the supervisors mailed each published month with its grid (CSV); omitted on PUT: unchanged' }),
    })
    .strict(),
);
export const AssessmentSettings = component(
  'AssessmentSettings',
  z.object({
    tenantId: Uuid.optional(),
    excellentFromTenths: Tenths,
    failBelowTenths: Tenths,
    excellentFrom: Points.optional(),
    failBelow: Points.optional(),
    yearEndWeightPercent: z.number().int().meta({ description: 'weight of the year-end evaluation, 0–100' }),
    supervisorEmails: z.array(z.string()).optional(),
  }),
);
