/** The call records on file, as lists show them (only repositories touch the database). */
import { keysetPage, type PageRequest, type SortKey } from '@seatlease/shared';
import type { Db } from '../invoices/invoice.repository';

const CALL_ORDER: readonly SortKey[] = [{ column: 'started_at', type: 'timestamptz' }, { column: 'id', type: 'text' }];

interface CallRow {
  id: string;
  contract_id: string;
  seat: string;
  started_at: Date;
  duration_seconds: number;
  call_type: string;
  month: string;
  billable_minutes: number;
}

export const callRecords = {
  /** A contract's calls, latest first (index calls_contract_list). */
  page: (db: Db, contractId: string, f: { month?: string | undefined; seat?: string | undefined; callType?: string | undefined; from?: string | undefined; to?: string | undefined }, page: PageRequest) => {
    const b = db('calls').select('*').where({ contract_id: contractId });
    if (f.month) b.where({ month: f.month });
    if (f.seat) b.where({ seat: f.seat });
    if (f.callType) b.where({ call_type: f.callType });
    if (f.from) b.where('started_at', '>=', f.from);
    if (f.to) b.where('started_at', '<', f.to);
    return keysetPage<CallRow>(db, b, CALL_ORDER, page);
  },
  ownerTenant: async (db: Db, contractId: string): Promise<string | null> => {
    const row = await db('invoices').where({ contract_id: contractId }).first('tenant_id');
    return (row?.tenant_id as string | undefined) ?? null;
  },
};
