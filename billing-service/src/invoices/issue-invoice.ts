/**
 * Issuing one invoice: the shell around the pure engine (STYLE habit 1). Lock the contract,
 * load what was billed, compute, and persist the invoice, its lines, the deposit and credit
 * ledgers and its mail in ONE transaction — or nothing at all.
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { assert, sumFen, type BillingFacts, type InvoiceKind, type IsoDate, type Month } from '@seatlease/shared';
import { computeInvoice } from '../engine';
import { invoices, nextNumber, type InvoiceRow } from './invoice.repository';
import { usageFor } from '../usage/usage.repository';
import { dueDateFor } from './due-date';
import { queueMail } from '../mail/outbox.repository';
import { invoiceIssuedMail } from '../mail/templates';
import { creditBalance, recordCredit } from '../deposits/credit.repository';
import { recordDepositMovements, recordFinalRefund } from '../deposits/deposit.repository';
import type { Deps } from '../deps';

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
      const id = randomUUID();
      const dueDate = dueDateFor(calendar, kind, period, issuedOn, facts);
      const row: Omit<InvoiceRow, 'created_at'> = {
        id,
        number: await nextNumber(trx, 'INV', Number(issuedOn.slice(0, 4))),
        contract_id: facts.contractId,
        tenant_id: facts.tenantId,
        tenant_name: facts.tenantName,
        billing_emails: facts.billingEmails,
        kind,
        period,
        issued_on: issuedOn,
        due_date: dueDate,
        currency: 'CNY',
        total_fen: computation.totalFen,
        tax_fen: computation.vatFen,
        vat_rate_bp: facts.vatRateBp,
        run_id: req.runId ?? null,
        warnings: calendar.warningsFor([dueDate]),
      };
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
