/**
 * What to issue (pure: no knex, no clock). For each contract of a batch — one contract is a
 * batch of one — in the order given, one of:
 * - `skip`: its invoice of (period, kind) exists already, or it owes nothing (no empty invoice:
 *   the next run reconciles anything new);
 * - `refund_only`: it owes nothing at its end, but what is left of its deposit is refunded
 *   (SPEC §4), recorded without an invoice;
 * - `bill`: the engine's invoice, its due date, and the tenant credit it spends or carries.
 *
 * Tenant credit is followed through the batch as consecutive issues would see it: what one
 * contract carries forward or spends changes what the next contract of its tenant finds.
 */
import {
  assert,
  sumFen,
  type BillingFacts,
  type CallUsage,
  type Fen,
  type InvoiceKind,
  type InvoiceLine,
  type IsoDate,
  type Month,
  type WorkingDayCalendar,
} from '@seatlease/shared';
import { computeInvoice, type InvoiceComputation } from '../engine';
import type { CreditEntry } from '../deposits/credit.repository';
import type { QueuedMail } from '../mail/outbox.repository';
import { dueDateFor } from './due-date';
import type { InvoiceRow } from './invoice.repository';

export interface PlanInput {
  /** The contracts, in the order they are to be billed. */
  batch: readonly BillingFacts[];
  period: Month;
  kind: InvoiceKind;
  issuedOn: IsoDate;
  calendar: WorkingDayCalendar;
  /** The contracts that already have their invoice of (period, kind). */
  alreadyIssued: ReadonlySet<string>;
  /** Per contract: its call usage and the lines billed so far (every contract has an entry). */
  usage: ReadonlyMap<string, CallUsage[]>;
  billed: ReadonlyMap<string, InvoiceLine[]>;
  /** Per tenant of the batch: its credit balance before the batch (every tenant has an entry). */
  creditBalances: ReadonlyMap<string, Fen>;
}

export interface BillPlan {
  action: 'bill';
  facts: BillingFacts;
  computation: InvoiceComputation;
  dueDate: IsoDate;
  /** The calendar's warnings about the due date (a year without holiday data). */
  warnings: string[];
}

export type IssuePlan =
  | { action: 'skip'; facts: BillingFacts; reason: 'already_issued' | 'nothing_owed' }
  | { action: 'refund_only'; facts: BillingFacts; refundFen: Fen }
  | BillPlan;

/** The decision for each contract of the batch, in its order. */
export function planIssues(input: PlanInput): IssuePlan[] {
  const { period, kind, issuedOn, calendar } = input;
  const credit = new Map(input.creditBalances);
  return input.batch.map((facts): IssuePlan => {
    if (input.alreadyIssued.has(facts.contractId)) return { action: 'skip', facts, reason: 'already_issued' };
    const balance = credit.get(facts.tenantId);
    assert(balance !== undefined, `the credit balance of tenant ${facts.tenantId} was read`);
    const computation = computeInvoice({
      facts,
      usage: input.usage.get(facts.contractId)!,
      alreadyBilled: input.billed.get(facts.contractId)!,
      period,
      kind,
      issuedOn,
      creditBalanceFen: Math.max(0, balance),
    });
    const { lines } = computation;
    if (lines.length === 0 && kind !== 'opening') {
      const refundFen = computation.depositSettlement?.refundFen ?? 0;
      if (kind === 'final' && refundFen > 0) return { action: 'refund_only', facts, refundFen };
      return { action: 'skip', facts, reason: 'nothing_owed' };
    }
    assert(sumFen(lines.map((l) => l.amountFen)) === computation.totalFen, 'lines sum to the total');
    assert(computation.totalFen >= 0, 'an invoice total is never negative (credit is carried)');
    credit.set(facts.tenantId, balance + computation.creditCarriedForwardFen - computation.creditAppliedFen);
    const dueDate = dueDateFor(calendar, kind, period, issuedOn, facts);
    return { action: 'bill', facts, computation, dueDate, warnings: calendar.warningsFor([dueDate]) };
  });
}

/** The tenants to whom the planned bills carry credit forward. */
export function creditCarriedTo(plans: readonly IssuePlan[]): Set<string> {
  return new Set(plans.flatMap((p) => (p.action === 'bill' && p.computation.creditCarriedForwardFen > 0 ? [p.facts.tenantId] : [])));
}

/** The stored invoice of a planned bill: the facts' tenant as it is at issue, the engine's totals. */
export function invoiceRowOf(
  bill: BillPlan,
  a: { id: string; number: string; kind: InvoiceKind; period: Month; issuedOn: IsoDate; runId: string | null },
): Omit<InvoiceRow, 'created_at'> {
  const { facts, computation } = bill;
  return {
    id: a.id,
    number: a.number,
    contract_id: facts.contractId,
    tenant_id: facts.tenantId,
    tenant_name: facts.tenantName,
    billing_emails: facts.billingEmails,
    kind: a.kind,
    period: a.period,
    issued_on: a.issuedOn,
    due_date: bill.dueDate,
    currency: 'CNY',
    total_fen: computation.totalFen,
    tax_fen: computation.vatFen,
    vat_rate_bp: facts.vatRateBp,
    tax_basis: 'revenue',
    taxable_fen: computation.taxableFen,
    deposit_fen: computation.depositFen,
    run_id: a.runId,
    warnings: bill.warnings,
  };
}

/** The credit ledger entries of an issued bill: credit carried forward, then credit applied. */
export function creditEntriesOf(bill: BillPlan, row: Omit<InvoiceRow, 'created_at'>): CreditEntry[] {
  const base = { tenantId: row.tenant_id, contractId: row.contract_id, invoiceId: row.id, onDate: row.issued_on };
  const { creditCarriedForwardFen, creditAppliedFen } = bill.computation;
  return [
    ...(creditCarriedForwardFen > 0 ? [{ ...base, entry: 'carried' as const, amountFen: creditCarriedForwardFen }] : []),
    ...(creditAppliedFen > 0 ? [{ ...base, entry: 'applied' as const, amountFen: -creditAppliedFen }] : []),
  ];
}

/**
 * The mail that tells the tenant of an issued bill, queued without its text: the sender writes
 * it from the invoice (invoiceIssuedMail) when it sends it (decision 0091). It names the
 * invoice by id, not number, so a batch queues it before it takes its numbers.
 */
export function issuedMailOf(invoiceId: string, billingEmails: string[]): QueuedMail {
  return { kind: 'invoice_issued', recipients: billingEmails, invoiceId, subject: null, bodyText: null };
}
