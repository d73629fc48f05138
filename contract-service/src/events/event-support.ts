import { instantMs, ruleBroken, toShanghaiInstant } from '@seatlease/shared';
import { type OutageRow } from '../contracts/contract.repository';
import { isHonoured, type ForceMajeureRow } from '../contracts/contract-model';
import { voidView } from './void-support';

export function outageView(o: OutageRow) {
  return {
    id: o.id,
    contractId: o.contract_id,
    startedAt: toShanghaiInstant(o.started_at),
    endedAt: toShanghaiInstant(o.ended_at),
    seatsAffected: o.seats_affected,
    cause: o.cause,
    description: o.description,
    ...voidView(o),
  };
}

/** Checks an event's instants: the end after the start, and not in the future of the clock. */
export function checkInterval(startedAt: string, endedAt: string, nowMs: number): void {
  if (instantMs(endedAt) <= instantMs(startedAt)) throw ruleBroken('endedAt', 'must be after startedAt');
  if (instantMs(endedAt) > nowMs) throw ruleBroken('endedAt', 'is in the future: record an outage once it has ended');
}

export function forceMajeureView(f: ForceMajeureRow, contractIds: string[] | null) {
  return {
    id: f.id,
    startedAt: toShanghaiInstant(f.started_at),
    endedAt: toShanghaiInstant(f.ended_at),
    noticeGivenOn: f.notice_given_on,
    claimedBy: f.claimed_by,
    description: f.description,
    contractIds,
    honoured: isHonoured(f),
    ...voidView(f),
  };
}
