import { randomUUID } from 'node:crypto';
import {
  addDays,
  addMonths,
  addMonthsToDate,
  conflict,
  idOr404,
  isoDate,
  month,
  monthOf,
  parseWith,
  ruleBroken,
  text,
  today as todayOf,
  z,
} from '@seatlease/shared';
import { contracts, oneOffs, renewals, suspensions, tenants, terminations, transfers } from './contract.repository';
import { appendAudit } from '../audit/audit.repository';
import { liveSeats, loadContractState } from './contract-state';
import { contractView } from './contract-view';
import { monthlyFee, priceFor, termEndDate } from './contract-model';
import { assertOpenForChanges } from '../seats/seat-order-use-cases';
import { depositHeld } from '../billing-link';
import type { Caller, Deps } from '../deps';

const terminationBody = z
  .object({
    kind: z.enum(['mutual', 'tenant_breach', 'provider_breach', 'for_cause'], {
      message: 'must be mutual, tenant_breach, provider_breach or for_cause',
    }),
    noticeDate: isoDate(),
    effectiveDate: isoDate(),
    reason: text(2000).optional(),
  })
  .strict();

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
  await deps.knex.transaction(async (trx) => {
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
      seats_live_at_notice: liveSeats(state, input.noticeDate),
      monthly_fee_at_notice_fen: monthlyFee(state.prices, noticeMonth),
      term_months_at_notice: state.row.term_months,
    };
    await terminations.insert(trx, row);
    await appendAudit(trx, caller.actor, caller.clock.nowMs(), { action: 'contract.terminated', entity: 'termination', entityId: id, contractId: state.row.id, reason: input.reason ?? null, data: row });
  });
  const state = await loadContractState(deps.knex, contractId, today);
  return { id, ...contractView(state, today, await depositHeld(deps, caller, contractId)).termination!, contractId };
}

const renewalBody = z
  .object({
    termMonths: z.number().int({ message: 'must be a whole number of months' }).min(1, { message: 'must be at least 1' }).max(120, { message: 'must be at most 120' }),
    seatFee: z.number().int({ message: 'must be an integer number of fen' }).min(0, { message: 'must not be negative' }).max(100_000_000).optional(),
    circuitFee: z.number().int({ message: 'must be an integer number of fen' }).min(0, { message: 'must not be negative' }).max(100_000_000).optional(),
    effectiveMonth: month().optional(),
  })
  .strict();

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
  await deps.knex.transaction(async (trx) => {
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
  });
  const state = await loadContractState(deps.knex, contractId, today);
  return { id, renewal: { termMonths: input.termMonths, agreedOn: today }, contract: contractView(state, today, await depositHeld(deps, caller, contractId)) };
}

const transferBody = z
  .object({
    toTenantId: z.string().uuid({ message: 'must be a tenant id (UUID)' }),
    consentGivenOn: isoDate().optional(),
  })
  .strict();

/** §2.B2: a contract passes to a third party only with Party A's consent, recorded first. */
export async function transferContract(deps: Deps, caller: Caller, contractId: string, body: unknown) {
  const input = parseWith(transferBody, body);
  const today = todayOf(caller.clock);
  if (!input.consentGivenOn) throw ruleBroken('consentGivenOn', "a transfer needs Party A's recorded consent first (§2.B2)");
  if (input.consentGivenOn > today) throw ruleBroken('consentGivenOn', `is in the future (today is ${today})`);
  const id = randomUUID();
  let fromTenantId = '';
  await deps.knex.transaction(async (trx) => {
    await contracts.lock(trx, idOr404(contractId, 'contract'));
    const state = await loadContractState(trx, contractId, today);
    assertOpenForChanges(state);
    fromTenantId = state.row.tenant_id;
    if (!(await tenants.get(trx, input.toTenantId))) throw ruleBroken('toTenantId', `no tenant ${input.toTenantId}`);
    if (input.toTenantId === state.row.tenant_id) throw ruleBroken('toTenantId', 'the contract already belongs to this tenant');
    const row = { id, contract_id: state.row.id, from_tenant_id: state.row.tenant_id, to_tenant_id: input.toTenantId, consent_given_on: input.consentGivenOn };
    await transfers.insert(trx, row);
    await contracts.update(trx, state.row.id, { tenant_id: input.toTenantId });
    await appendAudit(trx, caller.actor, caller.clock.nowMs(), { action: 'contract.transferred', entity: 'transfer', entityId: id, contractId: state.row.id, data: row });
  });
  return { id, contractId, fromTenantId, toTenantId: input.toTenantId, consentGivenOn: input.consentGivenOn };
}

const oneOffBody = z
  .object({
    amount: z
      .number({ message: 'must be an integer number of fen' })
      .int({ message: 'must be an integer number of fen' })
      .min(-100_000_000_00, { message: 'is out of range' })
      .max(100_000_000_00, { message: 'is out of range' })
      .refine((v) => v !== 0, { message: 'must not be zero' }),
    description: text(500),
    clause: z.string().trim().regex(/^§[0-9A-Z.]{1,12}$/, { message: 'must be a clause reference such as §5.1 or §8.B3' }).optional(),
  })
  .strict();

/** §5.1 custom work, §8.B3 equipment damage at the maker's quote, anything else: on the next invoice. */
export async function addOneOffCharge(deps: Deps, caller: Caller, contractId: string, body: unknown) {
  const input = parseWith(oneOffBody, body);
  const today = todayOf(caller.clock);
  const id = randomUUID();
  await deps.knex.transaction(async (trx) => {
    await contracts.lock(trx, idOr404(contractId, 'contract'));
    const state = await loadContractState(trx, contractId, today);
    assertOpenForChanges(state);
    const row = { id, contract_id: state.row.id, amount_fen: input.amount, description: input.description, clause: input.clause ?? null, created_on: today };
    await oneOffs.insert(trx, row);
    await appendAudit(trx, caller.actor, caller.clock.nowMs(), { action: 'one_off.added', entity: 'one_off_charge', entityId: id, contractId: state.row.id, reason: input.description, data: row });
  });
  return { id, contractId, amount: input.amount, currency: 'CNY', description: input.description, clause: input.clause ?? null, createdOn: today };
}

const suspendBody = z.object({ on: isoDate(), reason: text(500) }).strict();
const resumeBody = z.object({ on: isoDate() }).strict();

/** §2.A2: billing's dunning suspends a contract on day 16 unpaid (internal call). Idempotent. */
export async function suspendContract(deps: Deps, caller: Caller, contractId: string, body: unknown) {
  const input = parseWith(suspendBody, body);
  return deps.knex.transaction(async (trx) => {
    await contracts.lock(trx, idOr404(contractId, 'contract'));
    const state = await loadContractState(trx, contractId, input.on);
    if (state.status !== 'active') return { contractId, status: state.status, changed: false };
    await contracts.update(trx, state.row.id, { status: 'suspended' });
    if (!(await suspensions.open(trx, state.row.id))) {
      await suspensions.insert(trx, { id: randomUUID(), contract_id: state.row.id, from_date: input.on, to_date: null, reason: input.reason });
    }
    await appendAudit(trx, caller.actor, caller.clock.nowMs(), { action: 'contract.suspended', entity: 'contract', entityId: state.row.id, contractId: state.row.id, reason: input.reason, data: input });
    return { contractId, status: 'suspended', changed: true };
  });
}

/** Paying everything overdue lifts the suspension (§2.A2). Idempotent. */
export async function resumeContract(deps: Deps, caller: Caller, contractId: string, body: unknown) {
  const input = parseWith(resumeBody, body);
  return deps.knex.transaction(async (trx) => {
    await contracts.lock(trx, idOr404(contractId, 'contract'));
    const state = await loadContractState(trx, contractId, input.on);
    if (state.row.status !== 'suspended') return { contractId, status: state.status, changed: false };
    await contracts.update(trx, state.row.id, { status: 'active' });
    const open = await suspensions.open(trx, state.row.id);
    // The suspension covers the days up to the day before payment lifted it.
    if (open) await suspensions.close(trx, open.id, input.on > open.from_date ? addDays(input.on, -1) : open.from_date);
    await appendAudit(trx, caller.actor, caller.clock.nowMs(), { action: 'contract.resumed', entity: 'contract', entityId: state.row.id, contractId: state.row.id, data: input });
    return { contractId, status: 'active', changed: true };
  });
}
