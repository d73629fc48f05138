/**
 * The records a contract's state is derived from, for many contracts at once: one query per
 * table (a billing run reads contracts in pages of hundreds; one round trip per table keeps that
 * linear in rows, not in contracts). Only repositories touch the database (STYLE habit 8).
 */
import type { Fen, Month } from '@seatlease/shared';
import type { ForceMajeureRow, SeatOrderRow } from './contract-model';
import type { Db, OneOffRow, OutageRow, SuspensionRow, TenantRow, TerminationRow } from './contract.repository';

export interface ContractPriceRow {
  contract_id: string;
  effective_month: Month;
  seat_fee_fen: Fen;
  circuit_fee_fen: Fen;
}

export interface ForceMajeureLinkRow {
  force_majeure_id: string;
  contract_id: string;
}

/** Every record of the contracts, each list in the order the rules read it. */
export interface ContractRecords {
  tenants: TenantRow[];
  prices: ContractPriceRow[];
  orders: SeatOrderRow[];
  outages: OutageRow[];
  /** Events for every contract, and those linked to one of the contracts. */
  forceMajeure: ForceMajeureRow[];
  forceMajeureLinks: ForceMajeureLinkRow[];
  terminations: TerminationRow[];
  oneOffs: OneOffRow[];
  suspensions: SuspensionRow[];
}

/**
 * A transaction is one connection: its queries run one after another (pg refuses to pipeline
 * them). Outside one, they run in parallel on the pool.
 */
async function inParallelUnlessTransaction<T extends readonly (() => Promise<unknown>)[]>(
  db: Db,
  queries: T,
): Promise<{ [K in keyof T]: Awaited<ReturnType<T[K]>> }> {
  if ((db as { isTransaction?: boolean }).isTransaction) {
    const out: unknown[] = [];
    for (const q of queries) out.push(await q());
    return out as { [K in keyof T]: Awaited<ReturnType<T[K]>> };
  }
  return (await Promise.all(queries.map((q) => q()))) as { [K in keyof T]: Awaited<ReturnType<T[K]>> };
}

export async function contractRecords(db: Db, contractIds: readonly string[], tenantIds: readonly string[]): Promise<ContractRecords> {
  const ids = [...contractIds];
  const [tenants, prices, orders, outages, forceMajeure, forceMajeureLinks, terminations, oneOffs, suspensions] = await inParallelUnlessTransaction(db, [
    () => db<TenantRow>('tenants').whereIn('id', [...tenantIds]),
    () => db<ContractPriceRow>('contract_prices').whereIn('contract_id', ids).orderBy('effective_month'),
    () => db<SeatOrderRow>('seat_orders').whereIn('contract_id', ids).orderBy([{ column: 'created_at' }, { column: 'id' }]),
    () => db<OutageRow>('outages').whereIn('contract_id', ids).orderBy('started_at'),
    () => db<ForceMajeureRow>('force_majeure').where('all_contracts', true).orWhereIn('id', db('force_majeure_contracts').select('force_majeure_id').whereIn('contract_id', ids)).orderBy('started_at'),
    () => db<ForceMajeureLinkRow>('force_majeure_contracts').whereIn('contract_id', ids),
    () => db<TerminationRow>('terminations').whereIn('contract_id', ids),
    () => db<OneOffRow>('one_off_charges').whereIn('contract_id', ids).orderBy('created_at'),
    () => db<SuspensionRow>('suspensions').whereIn('contract_id', ids).orderBy('from_date'),
  ] as const);
  return { tenants, prices, orders, outages, forceMajeure, forceMajeureLinks, terminations, oneOffs, suspensions };
}
