/**
 * Issuing invoices: the shell around the pure engine (STYLE habit 1). Lock the contract, load
 * what was billed, compute, and persist the invoice, its lines, the deposit and credit ledgers
 * and its mail in ONE transaction — or nothing at all.
 *
 * `issueInvoice` issues one. `issueInvoices` issues a billing run's batch of contracts in one
 * transaction with the same locks, reads and rules, loading and writing each table once per
 * batch instead of once per contract (docs/benchmarks.md: ~14 round trips and one WAL flush
 * per contract were what made a 100,000-contract run take half an hour).
 */
import type { Knex } from 'knex';
import { assert, sumFen, type BillingFacts, type InvoiceKind, type IsoDate, type Month } from '@seatlease/shared';
import { computeInvoice } from '../engine';
import { invoices, nextNumber, nextNumbers, type InvoiceRow } from './invoice.repository';
import { usageFor, usageForContracts } from '../usage/usage.repository';
import { dueDateFor } from './due-date';
import { queueMail, queueMails } from '../mail/outbox.repository';
import { invoiceIssuedMail } from '../mail/templates';
import { creditBalance, creditBalances, recordCredit, recordCredits, type CreditEntry } from '../deposits/credit.repository';
import { recordDepositMovements, recordDepositMovementsOfMany, recordFinalRefund } from '../deposits/deposit.repository';
import type { Deps } from '../deps';
import { newRowId } from '../ids';

export interface IssueRequest {
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

/** The stored invoice: the facts' tenant as it is at issue, the engine's totals. */
function invoiceRow(a: {
  id: string;
  number: string;
  facts: BillingFacts;
  kind: InvoiceKind;
  period: Month;
  issuedOn: IsoDate;
  dueDate: IsoDate;
  computation: { totalFen: number; vatFen: number; taxableFen: number; depositFen: number };
  runId: string | null;
  warnings: string[];
}): Omit<InvoiceRow, 'created_at'> {
  return {
    id: a.id,
    number: a.number,
    contract_id: a.facts.contractId,
    tenant_id: a.facts.tenantId,
    tenant_name: a.facts.tenantName,
    billing_emails: a.facts.billingEmails,
    kind: a.kind,
    period: a.period,
    issued_on: a.issuedOn,
    due_date: a.dueDate,
    currency: 'CNY',
    total_fen: a.computation.totalFen,
    tax_fen: a.computation.vatFen,
    vat_rate_bp: a.facts.vatRateBp,
    tax_basis: 'revenue',
    taxable_fen: a.computation.taxableFen,
    deposit_fen: a.computation.depositFen,
    run_id: a.runId,
    warnings: a.warnings,
  };
}

/** Serializes the spending of one tenant's credit and money (released at commit). */
export async function lockTenant(trx: Knex.Transaction, tenantId: string): Promise<void> {
  await trx.raw(`select pg_advisory_xact_lock(hashtextextended(?, 0))`, [`billing:tenant:${tenantId}`]);
}

/** Serializes all billing of one contract across processes (released at commit). */
export async function lockContract(trx: Knex.Transaction, contractId: string): Promise<void> {
  await trx.raw(`select pg_advisory_xact_lock(hashtextextended(?, 0))`, [`billing:contract:${contractId}`]);
}

export async function issueInvoice(deps: Deps, req: IssueRequest): Promise<IssueResult> {
  const { facts, period, kind, issuedOn } = req;
  const calendar = await deps.calendar.get();
  // Tenant credit is spent under the tenant's lock (as payments spend it). Taken only when there
  // is credit to apply, and always before the contract's lock, in the order payments take them.
  const mayApplyCredit = (await creditBalance(deps.knex, facts.tenantId)) > 0;
  try {
    const result = await deps.knex.transaction(async (trx) => {
      if (mayApplyCredit) await lockTenant(trx, facts.tenantId);
      await lockContract(trx, facts.contractId);
      const existing = await invoices.find(trx, facts.contractId, period, kind);
      if (existing) return { invoice: existing, created: false };
      const alreadyBilled = await invoices.billedLines(trx, facts.contractId);
      const usage = await usageFor(trx, facts.contractId);
      const credit = mayApplyCredit ? await creditBalance(trx, facts.tenantId) : 0;
      const computation = computeInvoice({
        facts,
        usage,
        alreadyBilled,
        period,
        kind,
        issuedOn,
        creditBalanceFen: Math.max(0, credit),
      });
      const { lines } = computation;
      const refund = computation.depositSettlement?.refundFen ?? 0;
      // Nothing owed: no empty invoice (the next run reconciles anything new). At the end, the
      // whole deposit is still refunded (SPEC §4), recorded without an invoice.
      if (lines.length === 0 && kind !== 'opening') {
        if (kind === 'final' && refund > 0) {
          await recordFinalRefund(trx, { contractId: facts.contractId, tenantId: facts.tenantId, onDate: issuedOn, refundFen: refund, invoiceId: null, invoiceNumber: null });
        }
        return { invoice: null, created: false };
      }
      assert(sumFen(lines.map((l) => l.amountFen)) === computation.totalFen, 'lines sum to the total');
      assert(computation.totalFen >= 0, 'an invoice total is never negative (credit is carried)');
      const id = newRowId();
      const dueDate = dueDateFor(calendar, kind, period, issuedOn, facts);
      const number = await nextNumber(trx, 'INV', Number(issuedOn.slice(0, 4)));
      const row = invoiceRow({ id, number, facts, kind, period, issuedOn, dueDate, computation, runId: req.runId ?? null, warnings: calendar.warningsFor([dueDate]) });
      await invoices.insert(trx, row, lines);
      await recordDepositMovements(trx, row, lines, computation.depositSettlement);
      if (computation.creditCarriedForwardFen > 0) {
        await recordCredit(trx, { tenantId: facts.tenantId, contractId: facts.contractId, entry: 'carried', amountFen: computation.creditCarriedForwardFen, invoiceId: id, onDate: issuedOn });
      }
      if (computation.creditAppliedFen > 0) {
        await recordCredit(trx, { tenantId: facts.tenantId, contractId: facts.contractId, entry: 'applied', amountFen: -computation.creditAppliedFen, invoiceId: id, onDate: issuedOn });
      }
      await queueMail(
        trx,
        invoiceIssuedMail(
          { id, number: row.number, tenantName: row.tenant_name, period, kind, totalFen: row.total_fen, dueDate },
          facts.billingEmails,
        ),
        req.nowMs,
      );
      const inserted = await invoices.get(trx, id);
      return { invoice: inserted!, created: true };
    });
    if (result.created) {
      deps.metrics.counter('seatlease_invoices_issued_total', 'Invoices issued', ['kind']).inc({ kind });
      deps.wakeMailer();
    }
    return result;
  } catch (err) {
    // The unique (contract, period, kind) constraint is the last line of defence: a racing
    // issuer that slipped past the lock (another database session) lost; answer the winner's.
    if ((err as { code?: string }).code === '23505') {
      const existing = await invoices.find(deps.knex, facts.contractId, period, kind);
      if (existing) return { invoice: existing, created: false };
    }
    throw err;
  }
}

/** At most this many contracts per batch transaction (a limit on everything: locks, rows, memory). */
export const MAX_BATCH_CONTRACTS = 1000;

export interface BatchRequest {
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

export interface BatchResult {
  /** Invoices created. */
  issued: number;
  /** Contracts that had their invoice already, or owed nothing. */
  skipped: number;
}

/** Serializes billing of many contracts (or credit of many tenants): one statement, keys in a fixed order. */
async function lockAll(trx: Knex.Transaction, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  await trx.raw(`select count(pg_advisory_xact_lock(hashtextextended(k, 0))) from (select unnest(?::text[]) as k order by 1) as sorted`, [[...keys]]);
}

/**
 * Issues the invoice of each contract of a batch, exactly as `issueInvoice` would one after
 * the other in the order given, in ONE transaction — or none of them:
 * - the locks: the tenants' that have credit to spend (as issueInvoice, checked before the
 *   transaction) and then every contract's, each set in sorted order, so batches and single
 *   issuers (tenant before contract) never deadlock;
 * - the reads, each one query for the batch: invoices already issued, lines already billed,
 *   call usage, tenant credit; credit is then followed per tenant as the batch spends and
 *   carries it, as consecutive transactions would see it (credit carried by one contract and
 *   spent by the next of its tenant in the same batch is visible to this transaction only, so
 *   it needs no tenant lock);
 * - the writes, each one statement per 1,000 rows: numbers (a block taken from the counter,
 *   gapless), invoices, lines, deposit and credit ledgers, mails.
 * A unique violation (an issuer outside our locks won a race) rolls the batch back and bills
 * its contracts one by one with `issueInvoice`, which answers the winner's invoice.
 */
export async function issueInvoices(deps: Deps, req: BatchRequest): Promise<BatchResult> {
  const { facts: batch, period, kind, issuedOn } = req;
  if (batch.length === 0) return { issued: 0, skipped: 0 };
  assert(batch.length <= MAX_BATCH_CONTRACTS, `a batch holds at most ${MAX_BATCH_CONTRACTS} contracts, got ${batch.length}`);
  const contractIds = batch.map((f) => f.contractId);
  assert(new Set(contractIds).size === contractIds.length, 'a batch names each contract once');
  const tenantIds = [...new Set(batch.map((f) => f.tenantId))];
  const calendar = await deps.calendar.get();
  // As issueInvoice: a tenant's credit is read (and spent) under its lock only when it has some.
  const before = await creditBalances(deps.knex, tenantIds);
  const withCredit = [...before].filter(([, fen]) => fen > 0).map(([id]) => id);
  try {
    const issued = await deps.knex.transaction(async (trx) => {
      await lockAll(trx, withCredit.map((id) => `billing:tenant:${id}`));
      await lockAll(trx, contractIds.map((id) => `billing:contract:${id}`));
      const existing = await invoices.existingFor(trx, contractIds, period, kind);
      const billed = await invoices.billedLinesOf(trx, contractIds);
      const usage = await usageForContracts(trx, contractIds);
      // The balance as each contract's own transaction would find it: read again under the lock
      // where there is credit; elsewhere nothing to spend (at most what the batch carries).
      const credit = new Map(before);
      for (const [id, fen] of await creditBalances(trx, withCredit)) credit.set(id, fen);

      const planned: Array<{ facts: BillingFacts; computation: ReturnType<typeof computeInvoice>; dueDate: IsoDate }> = [];
      for (const facts of batch) {
        if (existing.has(facts.contractId)) continue;
        const balance = credit.get(facts.tenantId)!;
        const computation = computeInvoice({
          facts,
          usage: usage.get(facts.contractId)!,
          alreadyBilled: billed.get(facts.contractId)!,
          period,
          kind,
          issuedOn,
          creditBalanceFen: Math.max(0, balance),
        });
        const { lines } = computation;
        const refund = computation.depositSettlement?.refundFen ?? 0;
        // As issueInvoice: no empty invoice; at the end the deposit is still refunded.
        if (lines.length === 0 && kind !== 'opening') {
          if (kind === 'final' && refund > 0) {
            await recordFinalRefund(trx, { contractId: facts.contractId, tenantId: facts.tenantId, onDate: issuedOn, refundFen: refund, invoiceId: null, invoiceNumber: null });
          }
          continue;
        }
        assert(sumFen(lines.map((l) => l.amountFen)) === computation.totalFen, 'lines sum to the total');
        assert(computation.totalFen >= 0, 'an invoice total is never negative (credit is carried)');
        credit.set(facts.tenantId, balance + computation.creditCarriedForwardFen - computation.creditAppliedFen);
        planned.push({ facts, computation, dueDate: dueDateFor(calendar, kind, period, issuedOn, facts) });
      }

      req.onPlanned?.(new Set(planned.filter((p) => p.computation.creditCarriedForwardFen > 0).map((p) => p.facts.tenantId)));
      // Its failure is not ours: only the order of the numbers is awaited.
      if (req.numbersAfter) await req.numbersAfter.catch(() => {});
      const numbers = await nextNumbers(trx, 'INV', Number(issuedOn.slice(0, 4)), planned.length);
      const rows = planned.map(({ facts, computation, dueDate }, i) => {
        const row = invoiceRow({ id: newRowId(), number: numbers[i]!, facts, kind, period, issuedOn, dueDate, computation, runId: req.runId ?? null, warnings: calendar.warningsFor([dueDate]) });
        return { row, lines: computation.lines, settlement: computation.depositSettlement, computation, facts, dueDate };
      });
      await invoices.insertMany(trx, rows);
      await recordDepositMovementsOfMany(trx, rows.map((r) => ({ invoice: r.row, lines: r.lines, settlement: r.settlement })));
      const credits: CreditEntry[] = [];
      for (const { row, computation } of rows) {
        const base = { tenantId: row.tenant_id, contractId: row.contract_id, invoiceId: row.id, onDate: issuedOn };
        if (computation.creditCarriedForwardFen > 0) credits.push({ ...base, entry: 'carried', amountFen: computation.creditCarriedForwardFen });
        if (computation.creditAppliedFen > 0) credits.push({ ...base, entry: 'applied', amountFen: -computation.creditAppliedFen });
      }
      await recordCredits(trx, credits);
      await queueMails(
        trx,
        rows.map(({ row, dueDate }) =>
          invoiceIssuedMail({ id: row.id, number: row.number, tenantName: row.tenant_name, period, kind, totalFen: row.total_fen, dueDate }, row.billing_emails),
        ),
        req.nowMs,
      );
      return rows.length;
    });
    if (issued > 0) {
      deps.metrics.counter('seatlease_invoices_issued_total', 'Invoices issued', ['kind']).inc({ kind }, issued);
      deps.wakeMailer();
    }
    return { issued, skipped: batch.length - issued };
  } catch (err) {
    if ((err as { code?: string }).code !== '23505') throw err;
    let issued = 0;
    for (const facts of batch) {
      const one = await issueInvoice(deps, { facts, period, kind, issuedOn, nowMs: req.nowMs, runId: req.runId ?? null });
      if (one.created) issued++;
    }
    return { issued, skipped: batch.length - issued };
  }
}
