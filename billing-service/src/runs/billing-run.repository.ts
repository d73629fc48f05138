/** Billing runs, one per period (only repositories touch the database). */
import { randomUUID } from 'node:crypto';
import { keysetPage, type IsoDate, type Month, type PageRequest, type SortKey } from '@seatlease/shared';
import type { Db } from '../invoices/invoice.repository';

export interface RunRow {
  id: string;
  period: Month;
  status: 'running' | 'completed';
  issued_on: IsoDate;
  trigger: string;
  cursor_contract_id: string | null;
  invoices_issued: number;
  contracts_seen: number;
  started_at: Date;
  completed_at: Date | null;
}

/** One run per period (unique): the period orders them. */
const RUN_ORDER: readonly SortKey[] = [{ column: 'period', type: 'text' }];

export const billingRuns = {
  get: (db: Db, id: string) => db<RunRow>('billing_runs').where({ id }).first(),
  byPeriod: (db: Db, period: Month) => db<RunRow>('billing_runs').where({ period }).first(),
  /** Creates the period's run unless it exists; answers the period's run either way. */
  createOrGet: async (db: Db, r: { period: Month; issuedOn: IsoDate; trigger: string; startedAt: Date }): Promise<RunRow> => {
    await db('billing_runs')
      .insert({ id: randomUUID(), period: r.period, status: 'running', issued_on: r.issuedOn, trigger: r.trigger, started_at: r.startedAt })
      .onConflict('period')
      .ignore();
    return (await billingRuns.byPeriod(db, r.period))!;
  },
  /** Records a page billed: the cursor, the invoices issued so far, the contracts seen; and the end when it was the last page. */
  recordPage: async (db: Db, id: string, p: { cursorContractId: string | null; invoicesIssued: number; contractsInPage: number; completedAt: Date | null }) => {
    await db('billing_runs')
      .where({ id })
      .update({
        cursor_contract_id: p.cursorContractId,
        invoices_issued: p.invoicesIssued,
        contracts_seen: db.raw('contracts_seen + ?', [p.contractsInPage]),
        ...(p.completedAt ? { status: 'completed', completed_at: p.completedAt } : {}),
      });
  },
  page: (db: Db, f: { status?: string | undefined; periodFrom?: string | undefined; periodTo?: string | undefined }, page: PageRequest) => {
    const b = db('billing_runs').select('*');
    if (f.status) b.where({ status: f.status });
    if (f.periodFrom) b.where('period', '>=', f.periodFrom);
    if (f.periodTo) b.where('period', '<=', f.periodTo);
    return keysetPage<RunRow>(db, b, RUN_ORDER, page);
  },
};
