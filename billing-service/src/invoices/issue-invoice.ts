/**
 * Issuing invoices: the shell around the pure engine (STYLE habit 1). Lock, load what was
 * billed, plan (issue-plan.ts: skip, refund only, or bill with its credits and mail), and
 * persist the invoices, their lines, the deposit and credit ledgers and the mails in ONE
 * transaction — or nothing at all.
 *
 * One path: `issueInvoice` issues one contract's invoice as a batch of one; `issueInvoices`
 * issues a billing run's batch, loading and writing each table once per batch instead of once
 * per contract (docs/benchmarks.md, "Billing run").
 */
import { assert, type BillingFacts, type InvoiceKind, type IsoDate, type Month } from '@seatlease/shared';
import { invoices, nextNumbers, type InvoiceRow } from './invoice.repository';
import { usageForContracts } from '../usage/usage.repository';
import { queueMails } from '../mail/outbox.repository';
import { creditBalances, recordCredits } from '../deposits/credit.repository';
import { recordDepositMovementsOfMany, recordFinalRefund, recordSettledRefunds } from '../deposits/deposit.repository';
import { lockContracts, lockTenants } from '../locks/billing-locks.repository';
import { creditCarriedTo, creditEntriesOf, invoiceRowOf, issuedMailOf, planIssues, type BillPlan } from './issue-plan';
import type { Deps } from '../deps';
import { newRowId } from '../ids';

interface IssueRequest {
  facts: BillingFacts;
  period: Month;
  kind: InvoiceKind;
  issuedOn: IsoDate;
  nowMs: number;
  runId?: string | null;
}

export interface IssueResult {
  invoice: InvoiceRow | null;
  /** False when the invoice already existed (idempotent re-run) or there was nothing to bill. */
  created: boolean;
}

/** At most this many contracts per batch transaction (a limit on everything: locks, rows, memory). */
const MAX_BATCH_CONTRACTS = 1000;

interface BatchRequest {
  /** The contracts, in the order they are to be billed (a run: contract id order). */
  facts: readonly BillingFacts[];
  period: Month;
  kind: InvoiceKind;
  issuedOn: IsoDate;
  nowMs: number;
  runId?: string | null;
  /**
   * Settles when the batch billed before this one has committed: this batch takes its invoice
   * numbers only then, so that numbers follow the order of the batches when two are in flight.
   */
  numbersAfter?: Promise<unknown>;
  /**
   * Told, once the batch has computed its invoices and before it writes them, the tenants to
   * whom it carries credit forward: a batch billed beside this one that has one of them must
   * wait for this one's commit to see that credit (billing-run.ts).
   */
  onPlanned?: (creditCarriedTo: ReadonlySet<string>) => void;
}

interface BatchResult {
  /** Invoices created. */
  issued: number;
  /** Contracts that had their invoice already, or owed nothing. */
  skipped: number;
}

/**
 * Issues the invoice of each contract of a batch, exactly as one issue after the other in the
 * order given would, in ONE transaction — or none of them:
 * - the locks: the tenants' that have credit to spend (checked before the transaction) and then
 *   every contract's, each set in sorted order, so batches and single issuers (tenant before
 *   contract) never deadlock;
 * - the reads, each one query for the batch: invoices already issued, lines already billed,
 *   call usage, tenant credit (read again under the lock where there is some; elsewhere there
 *   is nothing to spend but what the batch itself carries, visible to this transaction only);
 * - the plan (pure), then the writes, one statement per table: the final refunds without an
 *   invoice; what needs no number — the lines (their key to the invoice checked at the commit),
 *   the deposit ledger, the mails (their text written at send time); then the numbers (a block
 *   taken from the counter, gapless), the invoices, the settled refunds and the credit ledger.
 * Answers the contracts whose invoice it created (with the invoice's id), and those that had theirs.
 */
async function issueBatch(deps: Deps, req: BatchRequest): Promise<{ created: Map<string, string>; alreadyIssued: ReadonlySet<string> }> {
  const { facts: batch, period, kind, issuedOn } = req;
  const contractIds = batch.map((f) => f.contractId);
  assert(new Set(contractIds).size === contractIds.length, 'a batch names each contract once');
  const tenantIds = [...new Set(batch.map((f) => f.tenantId))];
  const calendar = await deps.calendar.get();
  // A tenant's credit is read (and spent) under its lock only when it has some, taken before the
  // contracts' locks, in the order payments take them.
  const before = await creditBalances(deps.knex, tenantIds);
  const withCredit = [...before].filter(([, fen]) => fen > 0).map(([id]) => id);
  const { created, alreadyIssued } = await deps.knex.transaction(async (trx) => {
    await lockTenants(trx, withCredit);
    await lockContracts(trx, contractIds);
    const alreadyIssued = await invoices.existingFor(trx, contractIds, period, kind);
    const billed = await invoices.billedLinesOf(trx, contractIds);
    const usage = await usageForContracts(trx, contractIds);
    const credit = new Map(before);
    for (const [id, fen] of await creditBalances(trx, withCredit)) credit.set(id, fen);

    const plans = planIssues({ batch, period, kind, issuedOn, calendar, alreadyIssued, usage, billed, creditBalances: credit });
    for (const p of plans) {
      if (p.action !== 'refund_only') continue;
      await recordFinalRefund(trx, { contractId: p.facts.contractId, tenantId: p.facts.tenantId, onDate: issuedOn, refundFen: p.refundFen, invoiceId: null, invoiceNumber: null });
    }
    const bills = plans.filter((p): p is BillPlan => p.action === 'bill');
    req.onPlanned?.(creditCarriedTo(bills));
    // What needs no invoice number is written first: the invoice number counter is held from
    // taking the numbers to the commit (gapless numbers, SPEC §9), and batches take turns on it,
    // so the less written under it the more two batches overlap (decision 0090).
    const ids = bills.map(() => newRowId());
    await invoices.insertLinesFirst(trx, bills.map((bill, i) => ({ invoiceId: ids[i]!, contractId: bill.facts.contractId, lines: bill.computation.lines })));
    await recordDepositMovementsOfMany(trx, bills.map((bill, i) => ({ invoice: { id: ids[i]!, contract_id: bill.facts.contractId, tenant_id: bill.facts.tenantId, issued_on: issuedOn }, lines: bill.computation.lines })));
    await queueMails(trx, bills.map((bill, i) => issuedMailOf(ids[i]!, bill.facts.billingEmails)), req.nowMs);
    // Its failure is not ours: only the order of the numbers is awaited.
    if (req.numbersAfter) await req.numbersAfter.catch(() => {});
    const numbers = await nextNumbers(trx, 'INV', Number(issuedOn.slice(0, 4)), bills.length);
    const issued = bills.map((bill, i) => ({
      bill,
      row: invoiceRowOf(bill, { id: ids[i]!, number: numbers[i]!, kind, period, issuedOn, runId: req.runId ?? null }),
    }));
    await invoices.insertMany(trx, issued.map(({ row }) => row));
    await recordSettledRefunds(trx, issued.map(({ bill, row }) => ({ invoice: row, settlement: bill.computation.depositSettlement })));
    await recordCredits(trx, issued.flatMap(({ bill, row }) => creditEntriesOf(bill, row)));
    return { created: new Map(issued.map(({ row }) => [row.contract_id, row.id])), alreadyIssued };
  });
  if (created.size > 0) {
    deps.metrics.counter('seatlease_invoices_issued_total', 'Invoices issued', ['kind']).inc({ kind }, created.size);
    deps.wakeMailer();
  }
  return { created, alreadyIssued };
}

/** Postgres's unique violation: an issuer outside our locks (another database session) won a race. */
const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === '23505';

/** Issues one contract's invoice (a batch of one); answers it, or the one that existed. */
export async function issueInvoice(deps: Deps, req: IssueRequest): Promise<IssueResult> {
  const { facts, period, kind } = req;
  try {
    const { created, alreadyIssued } = await issueBatch(deps, { ...req, facts: [facts] });
    const id = created.get(facts.contractId);
    // Issued invoices never change: read after the commit, they are as the transaction left them.
    if (id) return { invoice: (await invoices.get(deps.knex, id))!, created: true };
    if (alreadyIssued.has(facts.contractId)) return { invoice: (await invoices.find(deps.knex, facts.contractId, period, kind))!, created: false };
    // Nothing owed (or, at the end, only the deposit refunded): no invoice.
    return { invoice: null, created: false };
  } catch (err) {
    // The unique (contract, period, kind) constraint is the last line of defence: a racing
    // issuer that slipped past the lock lost; answer the winner's.
    if (!isUniqueViolation(err)) throw err;
    const existing = await invoices.find(deps.knex, facts.contractId, period, kind);
    if (existing) return { invoice: existing, created: false };
    throw err;
  }
}

/**
 * Issues a billing run's batch in one transaction (issueBatch). A unique violation rolls the
 * batch back and bills its contracts one by one with `issueInvoice`, which answers the winner's.
 */
export async function issueInvoices(deps: Deps, req: BatchRequest): Promise<BatchResult> {
  const { facts: batch } = req;
  if (batch.length === 0) return { issued: 0, skipped: 0 };
  assert(batch.length <= MAX_BATCH_CONTRACTS, `a batch holds at most ${MAX_BATCH_CONTRACTS} contracts, got ${batch.length}`);
  try {
    const issued = (await issueBatch(deps, req)).created.size;
    return { issued, skipped: batch.length - issued };
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    let issued = 0;
    for (const facts of batch) {
      const one = await issueInvoice(deps, { facts, period: req.period, kind: req.kind, issuedOn: req.issuedOn, nowMs: req.nowMs, runId: req.runId ?? null });
      if (one.created) issued++;
    }
    return { issued, skipped: batch.length - issued };
  }
}
