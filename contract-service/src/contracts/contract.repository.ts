/** Only repositories touch the database (STYLE habit 8). */
import type { Knex } from 'knex';
import { firstDayOfMonth, keysetPage, type PageRequest, type SortKey } from '@seatlease/shared';
import type { CallRates, Fen, IsoDate, Month, PriceSegment, SeatTier, TerminationKind } from '@seatlease/shared';
import type { ForceMajeureRow, SeatOrderRow } from './contract-model';

export interface TenantRow {
  id: string;
  name: string;
  billing_emails: string[];
  created_at: Date;
}

export interface ContractRow {
  id: string;
  /** `HT-2027-000001`: gapless per year of signing. */
  number: string;
  tenant_id: string;
  seat_tier: SeatTier;
  signed_on: IsoDate;
  start_month: Month;
  term_months: number;
  vat_rate_bp: number;
  restore_window_hours: number;
  call_rate_local_fen: Fen;
  call_rate_domestic_fen: Fen;
  call_rate_mobile_fen: Fen;
  status: 'pending_opening' | 'active' | 'suspended';
  created_at: Date;
}

export interface TerminationRow {
  id: string;
  contract_id: string;
  kind: TerminationKind;
  notice_date: IsoDate;
  effective_date: IsoDate;
  reason: string | null;
  seats_live_at_notice: number;
  monthly_fee_at_notice_fen: Fen;
  term_months_at_notice: number;
  created_at: Date;
}

export interface OutageRow {
  id: string;
  contract_id: string;
  started_at: Date;
  ended_at: Date;
  seats_affected: number;
  cause: 'provider' | 'tenant' | 'maintenance';
  description: string | null;
  created_at: Date;
  voided_at?: Date | null;
  voided_by?: string | null;
  void_reason?: string | null;
}

export interface OneOffRow {
  id: string;
  contract_id: string;
  amount_fen: Fen;
  description: string;
  clause: string | null;
  created_on: IsoDate;
  voided_at?: Date | null;
  voided_by?: string | null;
  void_reason?: string | null;
}

/** Who voided a record, when and why (SPEC §5: kept, never deleted). */
export interface VoidMark {
  voided_at: Date;
  voided_by: string;
  void_reason: string;
}

/** Marks one record of `table` voided, unless it already is: answers whether this call voided it. */
export async function markVoided(db: Db, table: 'outages' | 'force_majeure' | 'one_off_charges' | 'seat_orders', id: string, mark: VoidMark): Promise<boolean> {
  const n = await db(table).where({ id }).whereNull('voided_at').update(mark);
  return Number(n) === 1;
}

export interface SuspensionRow {
  id: string;
  contract_id: string;
  from_date: IsoDate;
  to_date: IsoDate | null;
  reason: string;
}

export type Db = Knex | Knex.Transaction;

export interface InvoicingProfileRow {
  tenant_id: string;
  title: string;
  tax_id: string;
  address: string | null;
  phone: string | null;
  bank_name: string | null;
  bank_account: string | null;
  fapiao_type: 'special' | 'normal';
  updated_at: Date;
}

export const invoicingProfiles = {
  get: (db: Db, tenantId: string) => db<InvoicingProfileRow>('tenant_invoicing_profiles').where({ tenant_id: tenantId }).first(),
  getMany: (db: Db, tenantIds: string[]) => db<InvoicingProfileRow>('tenant_invoicing_profiles').whereIn('tenant_id', tenantIds),
  put: (db: Db, row: InvoicingProfileRow) => db('tenant_invoicing_profiles').insert(row).onConflict('tenant_id').merge(),
};

export const tenants = {
  get: (db: Db, id: string) => db<TenantRow>('tenants').where({ id }).first(),
  insert: (db: Db, row: TenantRow) => db('tenants').insert(row),
  setEmails: (db: Db, id: string, emails: string[]) => db('tenants').where({ id }).update({ billing_emails: emails }),
  update: (db: Db, id: string, patch: Partial<Pick<TenantRow, 'name' | 'billing_emails'>>) => db('tenants').where({ id }).update(patch),
  lock: (db: Knex.Transaction, id: string) => db<TenantRow>('tenants').where({ id }).forUpdate().first(),
  /**
   * A page of tenants, newest first. `q` matches the name (case-insensitive substring) or a
   * contract number, whole or a prefix (`HT-2027-0000`), of a contract the tenant holds or held
   * before a transfer (decision 0071). The number lookup walks `contracts_number_prefix` once
   * (a hashed subplan), then the tenants' keyset order as without `q`.
   */
  page: (db: Db, filter: { q?: string | undefined; scopeTenantId: string | null }, page: PageRequest) => {
    const b = db('tenants as t').select('t.*');
    if (filter.scopeTenantId !== null) b.where('t.id', filter.scopeTenantId);
    const q = filter.q;
    if (q) {
      const prefix = `${q.toUpperCase().replace(/[\\%_]/g, '\\$&')}%`;
      b.where((w) =>
        w
          .whereRaw('strpos(lower(t.name), lower(?)) > 0', [q])
          .orWhereRaw(
            `t.id in (select c.tenant_id from contracts c where c.number like ?
                      union all
                      select tr.from_tenant_id from contracts c join transfers tr on tr.contract_id = c.id where c.number like ?)`,
            [prefix, prefix],
          ),
      );
    }
    return keysetPage<TenantRow>(db, b, TENANT_ORDER, page);
  },
  getMany: (db: Db, ids: string[]) => db<TenantRow>('tenants').whereIn('id', ids),
};

export const priceList = {
  all: (db: Db) => db('price_list').select('*').orderBy('tier'),
  get: (db: Db, tier: SeatTier) => db('price_list').where({ tier }).first(),
  set: (db: Db, tier: SeatTier, seatFeeFen: Fen, circuitFeeFen: Fen, at: Date) =>
    db('price_list').where({ tier }).update({ seat_fee_fen: seatFeeFen, circuit_fee_fen: circuitFeeFen, updated_at: at }),
};

export const contractNumbersOf = (db: Db, ids: string[]) => db<ContractRow>('contracts').whereIn('id', ids).select('id', 'number') as Promise<Array<{ id: string; number: string }>>;

/** The next contract number of the signing year; the counter row stays locked until commit. */
export async function nextContractNumber(trx: Knex.Transaction, year: number): Promise<string> {
  const rows = await trx.raw(
    `insert into contract_numbers (year, last) values (?, 1)
     on conflict (year) do update set last = contract_numbers.last + 1
     returning last`,
    [year],
  );
  return `HT-${year}-${String(rows.rows[0].last as number).padStart(6, '0')}`;
}

export const contracts = {
  get: (db: Db, id: string) => db<ContractRow>('contracts').where({ id }).first(),
  /** Row lock: every change to a contract serializes on it. */
  lock: (db: Knex.Transaction, id: string) => db<ContractRow>('contracts').where({ id }).forUpdate().first(),
  insert: (db: Db, row: ContractRow) => db('contracts').insert(row),
  update: (db: Db, id: string, patch: Partial<ContractRow>) => db('contracts').where({ id }).update(patch),
  /**
   * A page of contracts, newest first, filtered in SQL before the limit. `status` is derived
   * from the stored state and the dates as of `today` (contract-model.ts deriveStatus).
   */
  page: (db: Db, filter: ContractListFilter, page: PageRequest) => {
    const b = db('contracts as c').leftJoin('terminations as t', 't.contract_id', 'c.id').select('c.*');
    if (filter.tenantId) b.where('c.tenant_id', filter.tenantId);
    if (filter.status) b.whereRaw(`${CONTRACT_STATUS_SQL} = ?`, [filter.today, filter.today, filter.status]);
    if (filter.endingBefore) b.whereRaw(`${LAST_DAY_SQL} < ?::date`, [filter.endingBefore]);
    return keysetPage<ContractRow>(db, b, CONTRACT_ORDER, page);
  },
  /**
   * A page of the seam, ordered by contract id (facts/billing-facts-page.ts says what each
   * mode selects): `period` — service overlaps the month; `ended` — last day of service in
   * [from, to]; `ending` — end of term in [from, to], not terminated; `signed` — signed in [from, to].
   */
  factsPage: (db: Db, q: FactsPageFilter): Promise<ContractRow[]> => {
    const b = db('contracts as c').leftJoin('terminations as t', 't.contract_id', 'c.id');
    if (q.mode === 'period') {
      b.where('c.start_month', '<=', q.period).whereRaw(`${LAST_DAY_SQL} >= ?::date`, [firstDayOfMonth(q.period)]);
    } else if (q.mode === 'ended') {
      b.whereRaw(`${LAST_DAY_SQL} between ?::date and ?::date`, [q.from, q.to]);
    } else if (q.mode === 'ending') {
      b.whereNull('t.id').whereRaw(`${END_DATE_SQL} between ?::date and ?::date`, [q.from, q.to]);
    } else {
      b.whereBetween('c.signed_on', [q.from, q.to]);
    }
    if (q.after) b.where('c.id', '>', q.after);
    return b.orderBy('c.id').limit(q.limit).select('c.*') as Promise<ContractRow[]>;
  },
  prices: async (db: Db, contractId: string): Promise<PriceSegment[]> => {
    const rows = await db('contract_prices').where({ contract_id: contractId }).orderBy('effective_month');
    return rows.map((r) => ({ effectiveMonth: r.effective_month, seatFeeFen: r.seat_fee_fen, circuitFeeFen: r.circuit_fee_fen }));
  },
  upsertPrice: (db: Db, contractId: string, p: PriceSegment) =>
    db('contract_prices')
      .insert({ contract_id: contractId, effective_month: p.effectiveMonth, seat_fee_fen: p.seatFeeFen, circuit_fee_fen: p.circuitFeeFen })
      .onConflict(['contract_id', 'effective_month'])
      .merge(),
  callRates: (c: ContractRow): CallRates => ({
    local: c.call_rate_local_fen,
    domestic: c.call_rate_domestic_fen,
    mobile: c.call_rate_mobile_fen,
  }),
};

const TENANT_ORDER: readonly SortKey[] = [{ column: 't.created_at', type: 'timestamptz' }, { column: 't.id', type: 'uuid' }];
const CONTRACT_ORDER: readonly SortKey[] = [{ column: 'c.created_at', type: 'timestamptz' }, { column: 'c.id', type: 'uuid' }];
const SEAT_ORDER_ORDER: readonly SortKey[] = [{ column: 'created_at', type: 'timestamptz' }, { column: 'id', type: 'uuid' }];
const OUTAGE_ORDER: readonly SortKey[] = [{ column: 'started_at', type: 'timestamptz' }, { column: 'id', type: 'uuid' }];
const FORCE_MAJEURE_ORDER: readonly SortKey[] = [{ column: 'f.started_at', type: 'timestamptz' }, { column: 'f.id', type: 'uuid' }];

/** The end of term and the last day of service in SQL (contract-model.ts termEndDate, contract-state.ts lastDay). */
const END_DATE_SQL = `(to_date(c.start_month || '-01', 'YYYY-MM-DD') + make_interval(months => c.term_months) - interval '1 day')::date`;
const LAST_DAY_SQL = `least(coalesce(t.effective_date, 'infinity'::date), ${END_DATE_SQL})`;
/** deriveStatus in SQL; its two parameters are today, twice. */
const CONTRACT_STATUS_SQL = `(case when t.effective_date is not null and ?::date > t.effective_date then 'terminated' when ?::date > ${END_DATE_SQL} then 'expired' else c.status end)`;

export type FactsPageFilter = ({ mode: 'period'; period: Month } | { mode: 'ended' | 'ending' | 'signed'; from: IsoDate; to: IsoDate }) & {
  after?: string | undefined;
  limit: number;
};

export interface ContractListFilter {
  today: IsoDate;
  tenantId?: string | undefined;
  status?: string | undefined;
  endingBefore?: IsoDate | undefined;
}

export const seatOrders = {
  page: (db: Db, contractId: string, filter: { kind?: string | undefined }, page: PageRequest) => {
    const b = db('seat_orders').select('*').where({ contract_id: contractId });
    if (filter.kind) b.where({ kind: filter.kind });
    return keysetPage<SeatOrderRow>(db, b, SEAT_ORDER_ORDER, page);
  },
  forContract: (db: Db, contractId: string) =>
    db<SeatOrderRow>('seat_orders').where({ contract_id: contractId }).orderBy([{ column: 'created_at' }, { column: 'id' }]),
  get: (db: Db, id: string) => db<SeatOrderRow>('seat_orders').where({ id }).first(),
  insert: (db: Db, row: SeatOrderRow) => db('seat_orders').insert(row),
  update: (db: Db, id: string, patch: Partial<SeatOrderRow>) => db('seat_orders').where({ id }).update(patch),
};

export const outages = {
  forContract: (db: Db, contractId: string) => db<OutageRow>('outages').where({ contract_id: contractId }).orderBy('started_at'),
  /** An outage in force on the contract with the same instants, seats and cause. */
  identical: (db: Db, contractId: string, o: { startedAt: Date; endedAt: Date; seatsAffected: number; cause: OutageRow['cause'] }) =>
    db<OutageRow>('outages')
      .where({ contract_id: contractId, started_at: o.startedAt, ended_at: o.endedAt, seats_affected: o.seatsAffected, cause: o.cause })
      .whereNull('voided_at')
      .orderBy('created_at')
      .first(),
  insert: (db: Db, row: OutageRow) => db('outages').insert(row),
  page: (db: Db, contractId: string, filter: { cause?: string | undefined; from?: string | undefined; to?: string | undefined }, page: PageRequest) => {
    const b = db('outages').select('*').where({ contract_id: contractId });
    if (filter.cause) b.where({ cause: filter.cause });
    if (filter.from) b.where('started_at', '>=', filter.from);
    if (filter.to) b.where('started_at', '<', filter.to);
    return keysetPage<OutageRow>(db, b, OUTAGE_ORDER, page);
  },
};

export const forceMajeure = {
  /**
   * A claim in force for the same event (instants, claimant and notice date) covering any of `contractIds`
   * (empty = every contract); an all-contracts claim covers each.
   */
  identical: (db: Db, o: { startedAt: Date; endedAt: Date; claimedBy: ForceMajeureRow['claimed_by']; noticeGivenOn: string }, contractIds: readonly string[]) =>
    db<ForceMajeureRow>('force_majeure')
      .where({ started_at: o.startedAt, ended_at: o.endedAt, claimed_by: o.claimedBy, notice_given_on: o.noticeGivenOn })
      .whereNull('voided_at')
      .modify((q) => {
        if (contractIds.length === 0) return;
        q.andWhere((w) =>
          w.where('all_contracts', true).orWhereIn('id', db('force_majeure_contracts').select('force_majeure_id').whereIn('contract_id', [...contractIds])),
        );
      })
      .orderBy('created_at')
      .first(),
  forContract: (db: Db, contractId: string) =>
    db<ForceMajeureRow>('force_majeure')
      .where('all_contracts', true)
      .orWhereIn('id', db('force_majeure_contracts').select('force_majeure_id').where({ contract_id: contractId }))
      .orderBy('started_at'),
  /** Events that cover `contractId` (those for every contract included), or all of them. */
  page: (db: Db, filter: { contractId?: string | undefined; claimedBy?: string | undefined }, page: PageRequest) => {
    const b = db('force_majeure as f').select('f.*');
    if (filter.contractId) {
      const contractId = filter.contractId;
      b.where((w) => w.where('f.all_contracts', true).orWhereIn('f.id', db('force_majeure_contracts').select('force_majeure_id').where({ contract_id: contractId })));
    }
    if (filter.claimedBy) b.where('f.claimed_by', filter.claimedBy);
    return keysetPage<ForceMajeureRow>(db, b, FORCE_MAJEURE_ORDER, page);
  },
  contractsOf: async (db: Db, ids: readonly string[]): Promise<Map<string, string[]>> => {
    const out = new Map<string, string[]>();
    if (ids.length === 0) return out;
    const rows = (await db('force_majeure_contracts').whereIn('force_majeure_id', ids).orderBy('contract_id')) as Array<{ force_majeure_id: string; contract_id: string }>;
    for (const r of rows) out.set(r.force_majeure_id, [...(out.get(r.force_majeure_id) ?? []), r.contract_id]);
    return out;
  },
  insert: (db: Db, row: ForceMajeureRow, contractIds: string[], createdAt: Date) =>
    db('force_majeure')
      .insert({ ...row, created_at: createdAt })
      .then(() =>
        contractIds.length
          ? db('force_majeure_contracts').insert(contractIds.map((c) => ({ force_majeure_id: row.id, contract_id: c })))
          : undefined,
      ),
};

export const terminations = {
  forContract: (db: Db, contractId: string) => db<TerminationRow>('terminations').where({ contract_id: contractId }).first(),
  insert: (db: Db, row: Omit<TerminationRow, 'created_at'>) => db('terminations').insert(row),
};

export const oneOffs = {
  forContract: (db: Db, contractId: string) => db<OneOffRow>('one_off_charges').where({ contract_id: contractId }).orderBy('created_at'),
  insert: (db: Db, row: OneOffRow) => db('one_off_charges').insert(row),
};

export const suspensions = {
  forContract: (db: Db, contractId: string) => db<SuspensionRow>('suspensions').where({ contract_id: contractId }).orderBy('from_date'),
  open: (db: Db, contractId: string) => db<SuspensionRow>('suspensions').where({ contract_id: contractId }).whereNull('to_date').first(),
  insert: (db: Db, row: SuspensionRow) => db('suspensions').insert(row),
  close: (db: Db, id: string, toDate: IsoDate) => db('suspensions').where({ id }).update({ to_date: toDate }),
};

export const renewals = {
  insert: (db: Db, row: Record<string, unknown>) => db('renewals').insert(row),
  forContract: (db: Db, contractId: string) => db('renewals').where({ contract_id: contractId }).orderBy('created_at'),
};

export const transfers = {
  insert: (db: Db, row: Record<string, unknown>) => db('transfers').insert(row),
};
