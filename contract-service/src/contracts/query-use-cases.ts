import { emptyList, idOr404, isoDate, listQuery, month, notFound, pageOf, parseListQuery, parseWith, today as todayOf, z, firstDayOfMonth } from '@seatlease/shared';
import { contracts, type ContractRow } from './contract.repository';
import { loadContractState, loadContractStates } from './contract-state';
import { contractView } from './contract-view';
import { depositHeld, depositsHeld } from '../billing-link';
import { auditPage } from '../audit/audit.repository';
import { toBillingFacts } from '../facts/build-billing-facts';
import type { Caller, Deps } from '../deps';

export async function getContract(deps: Deps, caller: Caller, id: string) {
  const today = todayOf(caller.clock);
  const state = await loadContractState(deps.knex, id, today, caller.scopeTenantId);
  return contractView(state, today, await depositHeld(deps, caller, state.row.id));
}

export const CONTRACT_STATUSES = ['pending_opening', 'active', 'suspended', 'terminated', 'expired'] as const;

export const contractListQuery = listQuery({
  tenantId: z.string().uuid({ message: 'must be a tenant id (UUID)' }).optional(),
  status: z.enum(CONTRACT_STATUSES, { message: `must be one of ${CONTRACT_STATUSES.join(', ')}` }).optional(),
  endingBefore: isoDate().optional(),
});

/**
 * A page of contracts, newest first; `status` (as of today), `tenantId` and `endingBefore` (the
 * last day of service is before that date) are applied in SQL before the limit. Each contract
 * shows what GET /v1/contracts/:id shows, `depositHeld` included.
 */
export async function listContracts(deps: Deps, caller: Caller, query: unknown) {
  const q = parseListQuery(contractListQuery, query);
  const today = todayOf(caller.clock);
  if (caller.scopeTenantId && q.tenantId && q.tenantId !== caller.scopeTenantId) return emptyList();
  const page = await contracts.page(deps.knex, { today, tenantId: caller.scopeTenantId ?? q.tenantId, status: q.status, endingBefore: q.endingBefore }, q);
  const states = await loadContractStates(deps.knex, page.rows, today);
  const held = await depositsHeld(deps, caller, page.rows.map((r) => r.id));
  return pageOf(page, () => states.map((s) => contractView(s, today, held.get(s.row.id) ?? null)));
}

export const auditListQuery = listQuery({
  action: z.string().max(100).optional(),
  entity: z.string().max(100).optional(),
});

/** A contract's audit log, a page at a time (newest first). */
export async function auditLog(deps: Deps, caller: Caller, id: string, query: unknown) {
  const q = parseListQuery(auditListQuery, query);
  const state = await loadContractState(deps.knex, id, todayOf(caller.clock));
  return auditPage(deps.knex, { contractId: state.row.id, action: q.action, entity: q.entity }, q);
}

export const globalAuditListQuery = listQuery({
  contractId: z.string().uuid({ message: 'must be a contract id (UUID)' }).optional(),
  entity: z.string().max(100).optional(),
  entityId: z.string().max(100).optional(),
  action: z.string().max(100).optional(),
});

/** The whole audit log of contract-service (tenants, price list, contracts, events), filtered. */
export async function listAuditLog(deps: Deps, _caller: Caller, query: unknown) {
  const q = parseListQuery(globalAuditListQuery, query);
  return auditPage(deps.knex, { contractId: q.contractId, entity: q.entity, entityId: q.entityId, action: q.action }, q);
}

/** The seam: one contract's facts. */
export async function billingFactsFor(deps: Deps, caller: Caller, id: string) {
  const contractId = idOr404(id, 'contract');
  const state = await loadContractState(deps.knex, contractId, todayOf(caller.clock));
  if (!state) throw notFound(`contract ${id}`);
  return toBillingFacts(state);
}

const pageQuery = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('period'), period: month(), after: z.string().uuid().optional(), limit: z.coerce.number().int().min(1).max(2000).default(500) }),
  z.object({ mode: z.enum(['ended', 'ending', 'signed']), from: isoDate(), to: isoDate(), after: z.string().uuid().optional(), limit: z.coerce.number().int().min(1).max(2000).default(500) }),
]);

/** The last day of service in SQL: the termination's effective date, else the end of term. */
const LAST_DAY_SQL = `least(coalesce(t.effective_date, 'infinity'::date), (to_date(c.start_month || '-01', 'YYYY-MM-DD') + make_interval(months => c.term_months) - interval '1 day')::date)`;
const END_DATE_SQL = `(to_date(c.start_month || '-01', 'YYYY-MM-DD') + make_interval(months => c.term_months) - interval '1 day')::date`;

/**
 * The seam in pages, ordered by contract id, for billing's jobs:
 * - `period`: contracts whose service overlaps the month (monthly billing runs);
 * - `ended`: contracts whose last day of service lies in [from, to] (final invoices);
 * - `ending`: contracts whose end of term lies in [from, to] and that are not terminated (renewal notices);
 * - `signed`: contracts signed in [from, to] (opening invoices not yet issued).
 */
export async function billingFactsPage(deps: Deps, caller: Caller, query: unknown) {
  const q = parseWith(pageQuery, { mode: 'period', ...(query as object) });
  const today = todayOf(caller.clock);
  const b = deps.knex('contracts as c').leftJoin('terminations as t', 't.contract_id', 'c.id');
  if (q.mode === 'period') {
    const periodStart = firstDayOfMonth(q.period);
    b.where('c.start_month', '<=', q.period).whereRaw(`${LAST_DAY_SQL} >= ?::date`, [periodStart]);
  } else if (q.mode === 'ended') {
    b.whereRaw(`${LAST_DAY_SQL} between ?::date and ?::date`, [q.from, q.to]);
  } else if (q.mode === 'ending') {
    b.whereNull('t.id').whereRaw(`${END_DATE_SQL} between ?::date and ?::date`, [q.from, q.to]);
  } else {
    b.whereBetween('c.signed_on', [q.from, q.to]);
  }
  if (q.after) b.where('c.id', '>', q.after);
  const rows = (await b.orderBy('c.id').limit(q.limit).select('c.*')) as ContractRow[];
  const states = await loadContractStates(deps.knex, rows, today);
  return {
    data: states.map(toBillingFacts),
    nextAfter: rows.length === q.limit ? rows[rows.length - 1]!.id : null,
  };
}
