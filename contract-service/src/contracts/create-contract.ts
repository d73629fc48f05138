import { randomUUID } from 'node:crypto';
import {
  firstDayOfMonth,
  referenceNotFound,
  parseWith,
  ruleBroken,
  today as todayOf,
  exactlyOnce,
} from '@seatlease/shared';
import { contracts, nextContractNumber, priceList, seatOrders, tenants } from './contract.repository';
import { appendAudit } from '../audit/audit.repository';
import { loadContractState } from './contract-state';
import { contractView } from './contract-view';
import { checkSeatOrderNotice } from './notice';
import { newSeatOrder, termEndDate } from './contract-model';
import type { Caller, Deps } from '../deps';
import { ContractCreate as createContractBody } from '@seatlease/shared/src/api';
export { createContractBody };

/** Default per-minute phone rates in fen (SPEC §7). */
const DEFAULT_CALL_RATES = { local: 10, domestic: 20, mobile: 15 } as const;
const DEFAULT_VAT_RATE_BP = 600;

/**
 * Signing (§2, §6.2): the contract copies its price from the price list (or the negotiated
 * price) and its initial seats become its first add order. Billing issues the opening invoice:
 * the gateway asks for it with the answer (decision 0062), billing's one-minute tick if not.
 */
export async function createContract(deps: Deps, caller: Caller, body: unknown) {
  const input = parseWith(createContractBody, body);
  const today = todayOf(caller.clock);
  const endDate = termEndDate(input.startMonth, input.termMonths);
  if (input.openingDate < firstDayOfMonth(input.startMonth) || input.openingDate > endDate) {
    throw ruleBroken('openingDate', `must fall inside the term, ${firstDayOfMonth(input.startMonth)} to ${endDate}`);
  }
  if (endDate < today) throw ruleBroken('termMonths', `the term would already have ended on ${endDate}`);
  checkSeatOrderNotice('openingDate', input.openingDate, today, input.overrideReason);
  const id = randomUUID();
  const orderId = randomUUID();
  return exactlyOnce(deps.knex, caller.once, async (trx) => {
    const tenant = await tenants.get(trx, input.tenantId);
    if (!tenant) throw referenceNotFound('tenantId', `no tenant ${input.tenantId}`);
    const listed = await priceList.get(trx, input.seatTier);
    const rates = input.callRates ?? DEFAULT_CALL_RATES;
    await contracts.insert(trx, {
      id,
      // Taken inside the signing transaction: a refusal or a rollback gives the number back.
      number: await nextContractNumber(trx, Number(today.slice(0, 4))),
      tenant_id: input.tenantId,
      seat_tier: input.seatTier,
      signed_on: today,
      start_month: input.startMonth,
      term_months: input.termMonths,
      vat_rate_bp: input.vatRate ?? DEFAULT_VAT_RATE_BP,
      restore_window_hours: input.restoreWindowHours ?? 0,
      call_rate_local_fen: rates.local,
      call_rate_domestic_fen: rates.domestic,
      call_rate_mobile_fen: rates.mobile,
      status: 'pending_opening',
      created_at: new Date(caller.clock.nowMs()),
    });
    // §4.2: the contract keeps the price it was signed at; later price-list changes never touch it.
    await contracts.upsertPrice(trx, id, {
      effectiveMonth: input.startMonth,
      seatFeeFen: input.seatFee ?? listed.seat_fee_fen,
      circuitFeeFen: input.circuitFee ?? listed.circuit_fee_fen,
    });
    await seatOrders.insert(
      trx,
      {
        ...newSeatOrder({ id: orderId, contractId: id, kind: 'add', quantity: input.seats, effectiveDate: input.openingDate, initial: true, overrideReason: input.overrideReason }),
        created_at: new Date(caller.clock.nowMs()),
      },
    );
    await appendAudit(trx, caller.actor, caller.clock.nowMs(), {
      action: 'contract.signed',
      entity: 'contract',
      entityId: id,
      contractId: id,
      reason: input.overrideReason ?? null,
      data: input,
    });
    // The answer is read inside the transaction and recorded with the key at commit. The opening
    // bill and the deposit held are billing's: the gateway adds them (decision 0062).
    return contractView(await loadContractState(trx, id, today), today);
  });
}
