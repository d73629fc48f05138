import { randomUUID } from 'node:crypto';
import {
  addDays,
  addMonthsToDate,
  conflict,
  idOr404,
  monthOf,
  parseWith,
  ruleBroken,
  today as todayOf,
  exactlyOnce,
} from '@seatlease/shared';
import { contracts, terminations } from './contract.repository';
import { appendAudit } from '../audit/audit.repository';
import { seatsInService, loadContractState } from './contract-state';
import { contractView } from './contract-view';
import { monthlyFee } from './contract-model';
import { assertOpenForChanges } from '../seats/seat-order-support';
import type { Caller, Deps } from '../deps';
import { TerminationCreate as terminationBody } from '@seatlease/shared/src/api';

/**
 * §9.1 mutual: one month's written notice, no damages. §8.X2 breaking without agreement: 20%
 * of the contract's total fees. §9.2 for cause: Party A, 5 days' notice, Party B pays the 20%.
 * The damages' inputs are frozen at the notice date.
 */
export async function terminateContract(deps: Deps, caller: Caller, contractId: string, body: unknown) {
  const input = parseWith(terminationBody, body);
  const today = todayOf(caller.clock);
  if (input.noticeDate > today) throw ruleBroken('noticeDate', `is in the future (today is ${today})`);
  if (input.effectiveDate < input.noticeDate) throw ruleBroken('effectiveDate', 'cannot precede noticeDate');
  if (input.effectiveDate < today) throw ruleBroken('effectiveDate', `is in the past (today is ${today}); service cannot end retroactively`);
  if (input.kind === 'mutual') {
    const earliest = addMonthsToDate(input.noticeDate, 1);
    if (input.effectiveDate < earliest) {
      throw ruleBroken('effectiveDate', `termination by agreement needs one month's written notice (§9.1): the earliest allowed date is ${earliest}`, { earliestAllowedDate: earliest });
    }
  }
  if (input.kind === 'for_cause') {
    const earliest = addDays(input.noticeDate, 5);
    if (input.effectiveDate < earliest) {
      throw ruleBroken('effectiveDate', `termination for cause needs 5 days' written notice (§9.2): the earliest allowed date is ${earliest}`, { earliestAllowedDate: earliest });
    }
    if (!input.reason) throw ruleBroken('reason', 'termination for cause must state the cause (§9.2)');
  }
  const id = randomUUID();
  return exactlyOnce(deps.knex, caller.once, async (trx) => {
    await contracts.lock(trx, idOr404(contractId, 'contract'));
    const state = await loadContractState(trx, contractId, today);
    assertOpenForChanges(state);
    if (state.termination) throw conflict(`contract ${contractId} already has a termination effective ${state.termination.effective_date}`);
    if (input.effectiveDate > state.endDate) throw ruleBroken('effectiveDate', `is after the end of term ${state.endDate}; the contract simply expires`);
    const noticeMonth = monthOf(input.noticeDate) < state.row.start_month ? state.row.start_month : monthOf(input.noticeDate);
    const row = {
      id,
      contract_id: state.row.id,
      kind: input.kind,
      notice_date: input.noticeDate,
      effective_date: input.effectiveDate,
      reason: input.reason ?? null,
      seats_live_at_notice: seatsInService(state, input.noticeDate),
      monthly_fee_at_notice_fen: monthlyFee(state.prices, noticeMonth),
      term_months_at_notice: state.row.term_months,
    };
    await terminations.insert(trx, row);
    await appendAudit(trx, caller.actor, caller.clock.nowMs(), { action: 'contract.terminated', entity: 'termination', entityId: id, contractId: state.row.id, reason: input.reason ?? null, data: row });
    // The answer is read inside the transaction: once it commits, nothing can fail the request.
    const terminated = await loadContractState(trx, contractId, today);
    return { id, ...contractView(terminated, today).termination!, contractId };
  });
}
