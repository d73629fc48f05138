import { instant, keysetPage, listQuery, month, notFound, pageOf, parseListQuery, toShanghaiInstant, uuid, z, type PageRequest, type SortKey } from '@seatlease/shared';
import type { Db } from '../invoices/invoice.repository';
import type { Caller, Deps } from '../deps';

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

export const callListQuery = listQuery({
  contractId: uuid(),
  month: month().optional(),
  seat: z.string().max(100).optional(),
  callType: z.enum(['local', 'domestic', 'mobile'], { message: 'must be local, domestic or mobile' }).optional(),
  startedFrom: instant().optional(),
  startedBefore: instant().optional(),
});

/** GET /v1/calls?contractId=: a contract's call records as imported, latest first. */
export async function listCalls(deps: Deps, caller: Caller, query: unknown) {
  const q = parseListQuery(callListQuery, query);
  const contractId = q.contractId.toLowerCase();
  if (caller.scopeTenantId !== null && (await callRecords.ownerTenant(deps.knex, contractId)) !== caller.scopeTenantId) throw notFound(`contract ${contractId}`);
  const page = await callRecords.page(deps.knex, contractId, { month: q.month, seat: q.seat, callType: q.callType, from: q.startedFrom, to: q.startedBefore }, q);
  return pageOf(page, (rows) =>
    rows.map((c) => ({
      id: c.id,
      contractId: c.contract_id,
      seat: c.seat,
      startedAt: toShanghaiInstant(c.started_at),
      durationSeconds: c.duration_seconds,
      callType: c.call_type,
      month: c.month,
      billableMinutes: c.billable_minutes,
    })),
  );
}
