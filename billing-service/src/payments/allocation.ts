/**
 * Where money goes (pure, STYLE habit 1): a payment or a credit is allocated first to the invoice
 * the payer named, then to the tenant's oldest open invoices — oldest by due date, then by
 * number — and whatever is left over is the remainder (an overpayment becomes tenant credit).
 */
import { assert, assertFen, type Fen, type IsoDate } from '@seatlease/shared';

export interface OpenInvoice {
  id: string;
  number: string;
  contractId: string;
  dueDate: IsoDate;
  /** What is still owed on it (total − paid − credited), > 0 for an open invoice. */
  dueFen: Fen;
}

export interface Allocation {
  invoiceId: string;
  number: string;
  contractId: string;
  amountFen: Fen;
}

export interface AllocationResult {
  allocations: Allocation[];
  /** What no open invoice needed. */
  remainderFen: Fen;
}

/** Oldest first: by due date, then by invoice number (numbers are gapless and grow with time). */
export function oldestFirst<T extends { dueDate: IsoDate; number: string }>(invoices: readonly T[]): T[] {
  return [...invoices].sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.number < b.number ? -1 : a.number > b.number ? 1 : 0));
}

/**
 * Allocates `amountFen` to `invoices`: the preferred invoice first (when it is among them), then
 * the others oldest first. Never allocates more than an invoice's due amount; the allocations
 * and the remainder sum to the amount exactly.
 */
export function allocate(amountFen: Fen, invoices: readonly OpenInvoice[], preferredInvoiceId: string | null = null): AllocationResult {
  assertFen(amountFen, 'amount to allocate');
  assert(amountFen >= 0, `an allocated amount is never negative, got ${amountFen}`);
  const ordered = oldestFirst(invoices.filter((i) => i.dueFen > 0));
  const preferred = ordered.findIndex((i) => i.id === preferredInvoiceId);
  if (preferred > 0) ordered.unshift(...ordered.splice(preferred, 1));
  const allocations: Allocation[] = [];
  let left = amountFen;
  for (const inv of ordered) {
    if (left === 0) break;
    assertFen(inv.dueFen, `due on ${inv.number}`);
    const amount = Math.min(left, inv.dueFen);
    allocations.push({ invoiceId: inv.id, number: inv.number, contractId: inv.contractId, amountFen: amount });
    left -= amount;
  }
  assert(allocations.reduce((s, a) => s + a.amountFen, 0) + left === amountFen, 'allocations and remainder sum to the amount');
  return { allocations, remainderFen: left };
}
