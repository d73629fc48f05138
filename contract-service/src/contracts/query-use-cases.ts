import { idOr404, month, notFound, parseWith, today as todayOf, z, firstDayOfMonth } from '@seatlease/shared';
import { contracts } from './contract.repository';
import { loadContractState, loadContractStates } from './contract-state';
import { contractView } from './contract-view';
import { depositHeld } from '../billing-link';
import { listAudit } from '../audit/audit.repository';
import { toBillingFacts } from '../facts/build-billing-facts';
import type { Caller, Deps } from '../deps';

export async function getContract(deps: Deps, caller: Caller, id: string) {
  const today = todayOf(caller.clock);
  const state = await loadContractState(deps.knex, id, today, caller.scopeTenantId);
  return contractView(state, today, await depositHeld(deps, caller, state.row.id));
}

const listQuery = z.object({
  tenantId: z.string().uuid({ message: 'must be a tenant id (UUID)' }).optional(),
  after: z.string().uuid({ message: 'must be a contract id (UUID)' }).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** A page of contracts (ordered by id; pass the last id as `after` for the next page). */
export async function listContracts(deps: Deps, caller: Caller, query: unknown) {
  const q = parseWith(listQuery, query);
  const today = todayOf(caller.clock);
  const tenantId = caller.scopeTenantId ?? q.tenantId;
  if (caller.scopeTenantId && q.tenantId && q.tenantId !== caller.scopeTenantId) return { data: [], nextAfter: null };
  const rows = await contracts.list(deps.knex, { tenantId, afterId: q.after, limit: q.limit });
  const states = await loadContractStates(deps.knex, rows, today);
  return {
    data: states.map((s) => contractView(s, today, null)),
    nextAfter: rows.length === q.limit ? rows[rows.length - 1]!.id : null,
  };
}

export async function auditLog(deps: Deps, caller: Caller, id: string) {
  const state = await loadContractState(deps.knex, id, todayOf(caller.clock));
  return { data: await listAudit(deps.knex, state.row.id, 1000) };
}

/** The seam: one contract's facts. */
export async function billingFactsFor(deps: Deps, caller: Caller, id: string) {
  const contractId = idOr404(id, 'contract');
  const state = await loadContractState(deps.knex, contractId, todayOf(caller.clock));
  if (!state) throw notFound(`contract ${id}`);
  return toBillingFacts(state);
}

const pageQuery = z.object({
  period: month(),
  after: z.string().uuid().optional(),
  limit: z.coerce.number().int().min(1).max(2000).default(500),
});

/**
 * The seam in pages: the facts of every contract whose service overlaps the period (or that
 * was signed but never opened), ordered by id, for billing runs.
 */
export async function billingFactsPage(deps: Deps, caller: Caller, query: unknown) {
  const q = parseWith(pageQuery, query);
  const today = todayOf(caller.clock);
  const periodStart = firstDayOfMonth(q.period);
  const rows = await deps.knex('contracts as c')
    .leftJoin('terminations as t', 't.contract_id', 'c.id')
    .where('c.start_month', '<=', q.period)
    // The term's end (start + term − 1 months) reaches the period, and no termination ended it before.
    .whereRaw(`(to_date(c.start_month || '-01', 'YYYY-MM-DD') + make_interval(months => c.term_months)) > ?::date`, [periodStart])
    .where((w) => w.whereNull('t.effective_date').orWhere('t.effective_date', '>=', periodStart))
    .modify((b) => {
      if (q.after) b.where('c.id', '>', q.after);
    })
    .orderBy('c.id')
    .limit(q.limit)
    .select('c.*');
  const states = await loadContractStates(deps.knex, rows, today);
  return {
    data: states.map(toBillingFacts),
    nextAfter: rows.length === q.limit ? (rows[rows.length - 1] as { id: string }).id : null,
  };
}
