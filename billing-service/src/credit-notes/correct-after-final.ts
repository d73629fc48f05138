/**
 * SPEC §5 (2026-12-06): a record voided after the contract's final bill is corrected by a credit
 * note (decision 0017), since no bill follows the final one. contract-service asks for it after a
 * void commits (`POST /internal/contracts/:id/void-corrections`); asking again corrects nothing twice.
 *
 * The engine recomputes the contract from its facts (the voided record out) against everything
 * billed; the lines that cite a record voided on or after the final bill's issue date are what
 * the void changed. Their sum in the tenant's favour, less what earlier corrections already
 * credited, is credited: a credit note against the final bill up to what it still has to credit,
 * the rest to the tenant's credit balance. A difference against the tenant is not billed after
 * the end: Party A bears its own mistake, and the answer says so.
 */
import { formatYuan, type Fen, type IsoDate } from '@seatlease/shared';
import { computeInvoice } from '../engine';
import { factsFor } from '../facts/facts.client';
import { invoices, nextNumber, settlementOf } from '../invoices/invoice.repository';
import { amountsOf, taxViewOf } from '../invoices/invoice-view';
import { usageFor } from '../usage/usage.repository';
import { recordCredit } from '../deposits/credit.repository';
import { lockTenantMoney } from '../payments/payment.repository';
import { queueMail } from '../mail/outbox.repository';
import { creditNoteMail } from '../mail/templates';
import { creditNoteTax } from '../engine';
import { newRowId } from '../ids';
import type { Deps } from '../deps';
import { creditableFen } from './issue-credit-note';
import { creditNotes, voidCorrections } from './credit-note.repository';

export interface VoidCorrection {
  /** The contract has had its final bill (else the next bill corrects, and this does nothing). */
  afterFinal: boolean;
  creditNote: { id: string; number: string; amount: Fen } | null;
  /** Credited to the tenant's balance beyond what the final bill could take. */
  creditBalanceFen: Fen;
  /** In Party A's favour: not billed after the end. */
  notBilledFen: Fen;
}

export async function correctAfterFinal(deps: Deps, contractId: string, today: IsoDate, nowMs: number, requestId?: string): Promise<VoidCorrection> {
  const none: VoidCorrection = { afterFinal: false, creditNote: null, creditBalanceFen: 0, notBilledFen: 0 };
  const final = await invoices.firstOfKind(deps.knex, contractId, 'final');
  if (!final) return none;
  const facts = await factsFor(deps.contracts, contractId, nowMs, requestId);
  const result = await deps.knex.transaction(async (trx) => {
    await lockTenantMoney(trx, facts.tenantId);
    const invoice = (await invoices.get(trx, final.id))!;
    const computed = computeInvoice({
      facts: { ...facts, voided: (facts.voided ?? []).filter((v) => v.voidedOn >= invoice.issued_on) },
      usage: await usageFor(trx, contractId),
      alreadyBilled: await invoices.billedLines(trx, contractId),
      period: invoice.period,
      kind: 'monthly',
      issuedOn: today,
      creditBalanceFen: 0,
    });
    const citing = computed.lines.filter((l) => l.ref !== 'deposit' && l.formula.includes('作废记录'));
    const owedToTenant = -citing.reduce((s, l) => s + l.amountFen, 0);
    const done = await voidCorrections.creditedFen(trx, contractId);
    const due = owedToTenant - done;
    if (due <= 0) return { ...none, afterFinal: true, notBilledFen: Math.max(0, -owedToTenant) };
    const records = [...new Set(citing.map((l) => l.formula.slice(l.formula.indexOf('作废记录'))))].join('; ');
    const settled = (await settlementOf(trx, [invoice.id])).get(invoice.id)!;
    const noteFen = Math.min(due, creditableFen(amountsOf(invoice, settled)));
    let creditNote: VoidCorrection['creditNote'] = null;
    if (noteFen > 0) {
      const lines = invoice.taxable_fen === null ? (await invoices.linesOf(trx, invoice.id)).map((r) => ({ code: r.code, amountFen: r.amount_fen })) : undefined;
      const tax = creditNoteTax({ totalFen: invoice.total_fen, taxableFen: taxViewOf(invoice, lines).taxableAmount, vatRateBp: invoice.vat_rate_bp }, settled.creditedFen, noteFen);
      const row = {
        id: newRowId(),
        number: await nextNumber(trx, 'CN', Number(today.slice(0, 4))),
        invoice_id: invoice.id,
        tenant_id: invoice.tenant_id,
        amount_fen: noteFen,
        taxable_fen: tax.taxableFen,
        tax_fen: tax.vatFen,
        reason: `更正：作废记录 / correction of voided records — ${records}`.slice(0, 2000),
        issued_on: today,
      };
      await creditNotes.insert(trx, row);
      await queueMail(trx, creditNoteMail({ id: row.id, number: row.number, invoiceNumber: invoice.number, amountFen: noteFen, reason: row.reason, tenantName: invoice.tenant_name }, invoice.billing_emails), nowMs);
      creditNote = { id: row.id, number: row.number, amount: noteFen };
    }
    const toBalance = due - noteFen;
    if (toBalance > 0) await recordCredit(trx, { tenantId: invoice.tenant_id, contractId, entry: 'void_correction', amountFen: toBalance, invoiceId: invoice.id, onDate: today });
    await voidCorrections.insert(trx, { contractId, creditNoteId: creditNote?.id ?? null, amountFen: due, records, onDate: today });
    deps.log.info({ contractId, due: formatYuan(due) }, 'a void after the final bill was corrected');
    return { afterFinal: true, creditNote, creditBalanceFen: toBalance, notBilledFen: 0 };
  });
  deps.wakeMailer();
  return result;
}
