import { randomUUID } from 'node:crypto';
import {
  firstDayOfMonth,
  toShanghaiInstant,
  instantMs,
  nearestShiftChange,
  parseWith,
  ruleBroken,
  shanghaiDate,
  shiftAt,
  today as todayOf,
  exactlyOnce,
} from '@seatlease/shared';
import { contracts } from '../contracts/contract.repository';
import { seatsInService, loadContractState } from '../contracts/contract-state';
import { incidents } from '../incidents/incident.repository';
import type { Caller, Deps } from '../deps';
import { seatLog, type SeatLogRow } from './seat-log.repository';
import { seatLogView } from './seat-log-view';
import { SeatLogCreate as entryBody } from '@seatlease/shared/src/api';

/** 三.5: nobody hands over early or late without reason; a handover is recorded within this of a shift change. */
const HANDOVER_TOLERANCE_MINUTES = 60;

/**
 * The seat shift log (远端坐席管理办法 第九、十条; 坐席员管理办法 二.1, 三): seats opened and closed
 * each shift by the agent account on duty, seats that fail to open, and the handover at each
 * shift change — oral by default, written (with notes) while an incident is open on the
 * contract or a matter is unresolved (三.1: 遇特殊情况（重特大、处理未果事件等）应书面交接).
 */
export async function recordSeatLog(deps: Deps, caller: Caller, contractId: string, body: unknown) {
  const input = parseWith(entryBody, body);
  const nowMs = caller.clock.nowMs();
  const atMs = instantMs(input.at);
  if (atMs > nowMs) throw ruleBroken('at', 'is in the future: record what has happened');
  const at = new Date(atMs);
  return exactlyOnce(deps.knex, caller.once, async (trx) => {
    // Scoped: another tenant's contract answers 404.
    const state = await loadContractState(trx, contractId, todayOf(caller.clock), caller.scopeTenantId);
    await contracts.lock(trx, state.row.id);
    const date = shanghaiDate(atMs);
    if (date < firstDayOfMonth(state.row.start_month) || date > state.lastDay) {
      throw ruleBroken('at', `the contract is in service from ${firstDayOfMonth(state.row.start_month)} to ${state.lastDay}`);
    }
    const base = {
      id: randomUUID(),
      contract_id: state.row.id,
      tenant_id: state.row.tenant_id,
      at,
      seat: null,
      agent_account: input.agentAccount,
      reason: null,
      to_shift: null,
      to_agent_account: null,
      mode: null,
      notes: null,
      unresolved_matters: null,
      incident_id: null,
      recorded_by_key: caller.actor.keyId,
      recorded_by_role: caller.actor.role,
      created_at: new Date(nowMs),
    } satisfies Partial<SeatLogRow>;
    let row: SeatLogRow;
    if (input.kind === 'handover') {
      const change = nearestShiftChange(deps.shifts, atMs);
      if (Math.abs(change.minutesOff) > HANDOVER_TOLERANCE_MINUTES) {
        throw ruleBroken('at', `is ${Math.abs(change.minutesOff)} minutes from the nearest shift change (${change.from.name} → ${change.to.name}); a handover is recorded within ${HANDOVER_TOLERANCE_MINUTES} minutes of one`);
      }
      const open = await incidents.openOn(trx, state.row.id, at);
      const why = open.length
        ? `incident ${open[0]!.id} is open on the contract`
        : input.unresolvedMatters
          ? 'a matter is unresolved'
          : null;
      if (why && (input.mode === 'oral' || !input.notes)) {
        throw ruleBroken('notes', `a written handover with notes is required: ${why} (三.1: 重特大、处理未果事件应书面交接)`);
      }
      if (input.mode === 'written' && !input.notes) throw ruleBroken('notes', 'a written handover needs its notes (三.2)');
      row = {
        ...base,
        kind: 'handover',
        shift: change.from.name,
        shift_date: change.fromDate,
        to_shift: change.to.name,
        to_agent_account: input.toAgentAccount,
        mode: input.mode,
        notes: input.notes ?? null,
        unresolved_matters: input.unresolvedMatters,
      };
    } else {
      const { shift, shiftDate } = shiftAt(deps.shifts, atMs);
      const last = await seatLog.lastSeatEvent(trx, state.row.id, input.seat);
      if (last && last.at.getTime() > atMs) {
        throw ruleBroken('at', `is before seat ${input.seat}'s last event (${last.kind} at ${toShanghaiInstant(last.at)}); the log is kept in time order`);
      }
      const isOpen = last?.kind === 'open';
      if (input.kind === 'open' && isOpen) throw ruleBroken('seat', `seat ${input.seat} is already open (since ${toShanghaiInstant(last!.at)})`);
      if (input.kind === 'close' && !isOpen) throw ruleBroken('seat', `seat ${input.seat} is not open`);
      if (input.kind === 'open') {
        const live = seatsInService(state, date);
        const onDuty = await seatLog.openSeats(trx, state.row.id);
        if (onDuty.length >= live) throw ruleBroken('seat', `the contract has ${live} live seats on ${date} and ${onDuty.length} are open (${onDuty.join(', ') || '—'})`);
      }
      row = {
        ...base,
        kind: input.kind,
        shift: shift.name,
        shift_date: shiftDate,
        seat: input.seat,
        reason: input.kind === 'open_failed' ? input.reason : null,
      };
    }
    await seatLog.insert(trx, row);
    return seatLogView(row);
  });
}
