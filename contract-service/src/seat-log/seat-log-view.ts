import { toShanghaiInstant } from '@seatlease/shared';
import type { SeatLogRow } from './seat-log.repository';

export function seatLogView(r: SeatLogRow) {
  return {
    id: r.id,
    contractId: r.contract_id,
    kind: r.kind,
    at: toShanghaiInstant(r.at),
    shift: r.shift,
    shiftDate: r.shift_date,
    seat: r.seat,
    agentAccount: r.agent_account,
    reason: r.reason,
    toShift: r.to_shift,
    toAgentAccount: r.to_agent_account,
    mode: r.mode,
    notes: r.notes,
    unresolvedMatters: r.unresolved_matters,
    incidentId: r.incident_id,
    recordedBy: { role: r.recorded_by_role },
    createdAt: toShanghaiInstant(r.created_at),
  };
}
