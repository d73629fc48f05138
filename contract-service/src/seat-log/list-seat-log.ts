import { instant, parseWith, text, today as todayOf, z } from '@seatlease/shared';
import { loadContractState } from '../contracts/contract-state';
import type { Caller, Deps } from '../deps';
import { keysetPage, pageQuery } from '../support/keyset-page';
import { seatLog, type SeatLogRow } from './seat-log.repository';
import { seatLogView } from './seat-log-view';

const listQuery = z
  .object({
    ...pageQuery,
    kind: z.enum(['open', 'close', 'open_failed', 'handover'], { message: 'must be open, close, open_failed or handover' }).optional(),
    seat: text(50).optional(),
    from: instant().optional(),
    to: instant().optional(),
  })
  .strict();

export async function listSeatLog(deps: Deps, caller: Caller, contractId: string, query: unknown) {
  const q = parseWith(listQuery, query);
  const state = await loadContractState(deps.knex, contractId, todayOf(caller.clock), caller.scopeTenantId);
  const base = seatLog.filtered(deps.knex, { contractId: state.row.id, kind: q.kind, seat: q.seat, from: q.from, to: q.to });
  const page = await keysetPage<SeatLogRow & Record<string, unknown>>(base, q, 'at', 'id', (r) => r.at, (r) => r.id);
  return { data: page.rows.map(seatLogView), hasMore: page.hasMore, nextCursor: page.nextCursor };
}
