/**
 * POST /v1/payments/:id/reverse {reason} — a payment recorded by mistake (a bank transfer booked
 * against the wrong tenant or for the wrong amount) is reversed, never deleted (SPEC §5,
 * decision 0018). In one transaction under the tenant's money lock:
 * - the payment is kept and marked reversed (when, by whom, why);
 * - each allocation it made is taken back by a compensating allocation (negative, source
 *   `reversal`) dated today: the invoices it paid are open again by what it paid;
 * - the credit it left (its overpayment) is taken back from the tenant's balance; what of that
 *   credit was already spent on other invoices is taken back from them, newest first, so the
 *   balance never goes below zero and those invoices reopen too;
 * - the audit trail is the reversal fields on the payment and the compensating rows themselves.
 * The statement shows both movements: the payment on its date and its reversal on the reversal's.
 * Reversing twice answers the first reversal. A Stripe payment is refunded through Stripe, not here.
 */
import { conflict, forbidden, idOr404, notFound, parseWith, today as todayOf, type Fen } from '@seatlease/shared';
import type { Caller, Deps } from '../deps';
import { creditBalance, recordCredit } from '../deposits/credit.repository';
import { lockTenantMoney, payments, type PaymentRow } from './payment.repository';
import { paymentView } from './post-payment';
import { VoidRequest as reverseBody } from '@seatlease/shared/src/api';

export async function reversePayment(deps: Deps, caller: Caller, paymentIdParam: string, body: unknown) {
  if (caller.scopeTenantId !== null) throw forbidden('only staff reverse payments');
  const input = parseWith(reverseBody, body);
  const id = idOr404(paymentIdParam, 'payment');
  const today = todayOf(caller.clock);
  const found = await payments.get(deps.knex, id);
  if (!found) throw notFound(`payment ${paymentIdParam}`);
  if (found.method !== 'bank_transfer') throw conflict(`payment ${id} was made by ${found.method} through Stripe; refund it there`);
  const reversed = await deps.knex.transaction(async (trx) => {
    await lockTenantMoney(trx, found.tenant_id);
    const payment = (await payments.get(trx, id))!;
    if (payment.reversed_at) return { payment, reopened: [] as string[] };
    await payments.markReversed(trx, id, { at: new Date(caller.clock.nowMs()), on: today, by: caller.actor.keyId, reason: input.reason });
    const own = await payments.allocatedByInvoice(trx, id);
    const back = [...own].filter(([, fen]) => fen > 0).map(([invoiceId, fen]) => ({ payment_id: id, invoice_id: invoiceId, source: 'reversal' as const, amount_fen: -fen, on_date: today }));
    await payments.allocate(trx, back);
    const reopened = back.map((a) => a.invoice_id);
    // The credit this payment left is taken back; credit already spent is taken back from where it went.
    const overpaid: Fen = (await payments.overpaymentsOf(trx, [id])).get(id) ?? 0;
    if (overpaid > 0) {
      await recordCredit(trx, { tenantId: payment.tenant_id, entry: 'reversed', amountFen: -overpaid, paymentId: id, onDate: today });
      let shortfall = -(await creditBalance(trx, payment.tenant_id));
      if (shortfall > 0) {
        const spent = await payments.creditSpentByTenant(trx, payment.tenant_id);
        const undoneOf = await payments.creditUndoneOn(trx, spent.map((s) => s.invoice_id));
        for (const s of spent) {
          if (shortfall <= 0) break;
          const already = Math.min(undoneOf.get(s.invoice_id) ?? 0, s.amount_fen);
          undoneOf.set(s.invoice_id, (undoneOf.get(s.invoice_id) ?? 0) - already);
          const take = Math.min(shortfall, s.amount_fen - already);
          if (take <= 0) continue;
          await payments.allocate(trx, [{ payment_id: null, invoice_id: s.invoice_id, source: 'reversal', amount_fen: -take, on_date: today }]);
          await recordCredit(trx, { tenantId: payment.tenant_id, contractId: s.contract_id, entry: 'unapplied', amountFen: take, invoiceId: s.invoice_id, paymentId: id, onDate: today });
          reopened.push(s.invoice_id);
          shortfall -= take;
        }
      }
    }
    return { payment: (await payments.get(trx, id))!, reopened: [...new Set(reopened)] };
  });
  if (reversed.reopened.length > 0) deps.metrics.counter('seatlease_payments_reversed_total', 'Payments reversed').inc();
  return reversedView(deps, reversed.payment);
}

async function reversedView(deps: Deps, p: PaymentRow) {
  const allocations = await payments.allocationsOf(deps.knex, [p.id]);
  const overpaid = (await payments.overpaymentsOf(deps.knex, [p.id])).get(p.id) ?? 0;
  return paymentView(p, allocations.map((a) => ({ invoiceId: a.invoice_id, number: a.number, amountFen: Number(a.amount_fen) })), overpaid);
}
