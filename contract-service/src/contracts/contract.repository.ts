/** Only repositories touch the database (STYLE habit 8). */
import type { Knex } from 'knex';
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
  insert: (db: Db, row: Omit<TenantRow, 'created_at'>) => db('tenants').insert(row),
  setEmails: (db: Db, id: string, emails: string[]) => db('tenants').where({ id }).update({ billing_emails: emails }),
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
  insert: (db: Db, row: Omit<ContractRow, 'created_at'>) => db('contracts').insert(row),
  update: (db: Db, id: string, patch: Partial<ContractRow>) => db('contracts').where({ id }).update(patch),
  list: (db: Db, filter: { tenantId?: string | undefined; afterId?: string | undefined; limit: number }) => {
    const q = db<ContractRow>('contracts').orderBy('id').limit(filter.limit);
    if (filter.tenantId) q.where({ tenant_id: filter.tenantId });
    if (filter.afterId) q.where('id', '>', filter.afterId);
    return q;
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

export const seatOrders = {
  forContract: (db: Db, contractId: string) =>
    db<SeatOrderRow>('seat_orders').where({ contract_id: contractId }).orderBy([{ column: 'created_at' }, { column: 'id' }]),
  get: (db: Db, id: string) => db<SeatOrderRow>('seat_orders').where({ id }).first(),
  insert: (db: Db, row: Omit<SeatOrderRow, 'created_at'>) => db('seat_orders').insert(row),
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
  insert: (db: Db, row: Omit<OutageRow, 'created_at'>) => db('outages').insert(row),
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
  insert: (db: Db, row: ForceMajeureRow, contractIds: string[]) =>
    db('force_majeure')
      .insert(row)
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
