import { randomUUID } from 'node:crypto';
import {
  addMonths,
  conflict,
  idOr404,
  monthOf,
  parseWith,
  ruleBroken,
  today as todayOf,
  exactlyOnce,
} from '@seatlease/shared';
import { contracts, renewals } from './contract.repository';
import { appendAudit } from '../audit/audit.repository';
import { loadContractState } from './contract-state';
import { contractView } from './contract-view';
import { priceFor, termEndDate } from './contract-model';
import { assertOpenForChanges } from '../seats/seat-order-support';
import type { Caller, Deps } from '../deps';
import { RenewalCreate as renewalBody } from '@seatlease/shared/src/api';

/**
 * §2.A8 and §4.2: a renewal extends the term; a new price applies from its effective month
 * (default: the first month of the extension) and the old price holds until then.
 */
export async function renewContract(deps: Deps, caller: Caller, contractId: string, body: unknown) {
  const input = parseWith(renewalBody, body);
  const today = todayOf(caller.clock);
  if (input.effectiveMonth && input.seatFee === undefined && input.circuitFee === undefined) {
    throw ruleBroken('effectiveMonth', 'only applies with a new seatFee or circuitFee');
  }
  const id = randomUUID();
  return exactlyOnce(deps.knex, caller.once, async (trx) => {
    await contracts.lock(trx, idOr404(contractId, 'contract'));
    const state = await loadContractState(trx, contractId, today);
    assertOpenForChanges(state);
    if (state.termination) throw conflict(`contract ${contractId} is being terminated on ${state.termination.effective_date}; it cannot be renewed`);
    const newTerm = state.row.term_months + input.termMonths;
    const newEnd = termEndDate(state.row.start_month, newTerm);
    const firstExtensionMonth = addMonths(monthOf(state.endDate), 1);
    const effectiveMonth = input.effectiveMonth ?? firstExtensionMonth;
    if (input.seatFee !== undefined || input.circuitFee !== undefined) {
      const earliest = addMonths(monthOf(today), 1);
      if (effectiveMonth < earliest) throw ruleBroken('effectiveMonth', `a new price applies from a future month: the earliest is ${earliest}`);
      if (effectiveMonth > monthOf(newEnd)) throw ruleBroken('effectiveMonth', `must fall inside the renewed term (ends ${newEnd})`);
      const current = priceFor(state.prices, effectiveMonth);
      await contracts.upsertPrice(trx, state.row.id, {
        effectiveMonth,
        seatFeeFen: input.seatFee ?? current.seatFeeFen,
        circuitFeeFen: input.circuitFee ?? current.circuitFeeFen,
      });
    }
    await contracts.update(trx, state.row.id, { term_months: newTerm });
    const row = {
      id,
      contract_id: state.row.id,
      term_months: input.termMonths,
      effective_month: input.seatFee !== undefined || input.circuitFee !== undefined ? effectiveMonth : null,
      seat_fee_fen: input.seatFee ?? null,
      circuit_fee_fen: input.circuitFee ?? null,
      agreed_on: today,
    };
    await renewals.insert(trx, row);
    await appendAudit(trx, caller.actor, caller.clock.nowMs(), { action: 'contract.renewed', entity: 'renewal', entityId: id, contractId: state.row.id, data: row });
    // The answer is read inside the transaction: once it commits, nothing can fail the request.
    const renewed = await loadContractState(trx, contractId, today);
    return { id, renewal: { termMonths: input.termMonths, agreedOn: today }, contract: contractView(renewed, today) };
  });
}
