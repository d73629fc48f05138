/**
 * Tenant credit pays open invoices (SPEC §5: a credit larger than an invoice carries forward as
 * tenant credit balance; §4: released deposit and overpayments are credit too).
 *
 * `applyTenantCredit(trx, tenantId, today)` spends the tenant's credit balance (credit_ledger sum,
 * when > 0) on its open invoices, oldest first (due date, then number): each invoice gets an
 * allocation with source 'credit' (no payment) and the ledger an 'applied' entry of minus the
 * same amount, so the invoice's amountDue and the balance fall together and the statement's
 * running balance does not move. It is called after every payment (bank transfer or Stripe),
 * inside the payment's transaction.
 *
 * The caller must hold `lockTenantMoney(trx, tenantId)`: the balance and the open amounts are
 * read and spent under that lock, so no credit is spent twice and no invoice is overpaid.
 * Credit left over (no open invoice needs it) stays in the balance; the next invoice issued
 * uses it as a `credit_carried` line (engine, SPEC §5).
 */
import type { Knex } from 'knex';
import type { IsoDate } from '@seatlease/shared';
import { creditBalance, recordCredit } from '../deposits/credit.repository';
import { allocate, type Allocation } from './allocation';
import { openInvoicesOf, payments } from './payment.repository';

export async function applyTenantCredit(trx: Knex.Transaction, tenantId: string, today: IsoDate): Promise<Allocation[]> {
  const balance = await creditBalance(trx, tenantId);
  if (balance <= 0) return [];
  const open = await openInvoicesOf(trx, tenantId);
  if (open.length === 0) return [];
  const { allocations } = allocate(balance, open);
  await payments.allocate(
    trx,
    allocations.map((a) => ({ payment_id: null, invoice_id: a.invoiceId, source: 'credit' as const, amount_fen: a.amountFen, on_date: today })),
  );
  for (const a of allocations) {
    await recordCredit(trx, { tenantId, contractId: a.contractId, entry: 'applied', amountFen: -a.amountFen, invoiceId: a.invoiceId, onDate: today });
  }
  return allocations;
}
