/**
 * A statement of account (pure): the tenant's movements in date order with a running balance.
 *
 * Balance = what the tenant owes us; negative = the tenant is in credit. It moves with:
 * - an invoice issued: + its total;
 * - a credit note: − its amount;
 * - a payment received: − its amount (an overpayment included: that part is the tenant's credit);
 * - credit on an invoice (its `credit_carried` line): a negative invoice subtotal carried to the
 *   balance (line +X) → − X; credit balance used by an invoice (line −Y) → + Y, because the
 *   invoice's total is already net of it;
 * - deposit paying an invoice (allocation from the deposit) → − its amount;
 * - credit refunded to the tenant → + its amount;
 * - a payment reversed (decision 0018) → + its amount, on the reversal's date (the payment stays).
 * Tenant credit spent on open invoices (applyTenantCredit) and overpayments moving to the credit
 * ledger move money between the tenant's own pockets: no change of balance, not listed.
 * So the closing balance = what is due on invoices − the credit balance.
 */
import { assert, type Fen, type IsoDate } from '@seatlease/shared';

export type MovementType = 'invoice' | 'credit_note' | 'payment' | 'credit' | 'deposit_applied' | 'credit_refunded' | 'payment_reversed';

/** The order of movements on one day: documents first, then money. */
const TYPE_ORDER: Record<MovementType, number> = { invoice: 0, credit_note: 1, credit: 2, deposit_applied: 3, payment: 4, payment_reversed: 5, credit_refunded: 6 };

export interface Movement {
  date: IsoDate;
  type: MovementType;
  /** Invoice or credit note number, payment reference. */
  reference: string;
  description: string;
  /** Signed: + the tenant owes more, − less. */
  amountFen: Fen;
  invoiceId?: string | null;
  paymentId?: string | null;
  creditNoteId?: string | null;
}

export interface StatementLines {
  openingBalanceFen: Fen;
  movements: Array<Movement & { balanceFen: Fen }>;
  closingBalanceFen: Fen;
}

export function sortMovements(movements: readonly Movement[]): Movement[] {
  return [...movements].sort(
    (a, b) =>
      (a.date < b.date ? -1 : a.date > b.date ? 1 : 0) ||
      TYPE_ORDER[a.type] - TYPE_ORDER[b.type] ||
      (a.reference < b.reference ? -1 : a.reference > b.reference ? 1 : 0),
  );
}

/** Movements before `from` make the opening balance; those in [from, to] are listed; later ones are left out. */
export function statementLines(all: readonly Movement[], from: IsoDate | null, to: IsoDate): StatementLines {
  let balance = 0;
  const listed: Array<Movement & { balanceFen: Fen }> = [];
  for (const m of sortMovements(all)) {
    if (m.date > to) continue;
    if (from !== null && m.date < from) {
      balance += m.amountFen;
      continue;
    }
    listed.push({ ...m, balanceFen: 0 });
  }
  const openingBalanceFen = balance;
  for (const m of listed) {
    balance += m.amountFen;
    m.balanceFen = balance;
  }
  assert(openingBalanceFen + listed.reduce((s, m) => s + m.amountFen, 0) === balance, 'the closing balance is the opening balance plus the movements');
  return { openingBalanceFen, movements: listed, closingBalanceFen: balance };
}
