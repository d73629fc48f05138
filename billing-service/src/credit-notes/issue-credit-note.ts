/**
 * POST /v1/invoices/:id/credit-notes — a credit note (账单冲减通知; its fapiao is a 红字 one, requested separately) reduces an issued invoice, which
 * itself never changes (SPEC §9). Never more than the invoice's remaining amount
 * (total − paid − already credited); numbered CN-YYYY-NNNNNN, gapless per year: the number is
 * taken inside the issuing transaction, so a refusal or a rollback gives it back.
 */
import { forbidden, idOr404, notFound, parseWith, ruleBroken, today as todayOf, type Fen, exactlyOnce } from '@seatlease/shared';
import type { Caller, Deps } from '../deps';
import { invoices, nextNumber, settlementOf, toLine } from '../invoices/invoice.repository';
import { amountsOf, taxViewOf } from '../invoices/invoice-view';
import { creditNoteTax } from '../engine';
import { queueMail } from '../mail/outbox.repository';
import { creditNoteMail } from '../mail/templates';
import { lockTenantMoney } from '../payments/payment.repository';
import { afterMoneyMoved } from '../payments/post-payment';
import { newRowId } from '../ids';
import { requestRedFapiao } from '../fapiao/request-fapiaos';
import { creditNotes, type CreditNoteRow } from './credit-note.repository';
import { CreditNoteCreate as creditNoteBody } from '@seatlease/shared/src/api';

export function creditNoteView(cn: CreditNoteRow) {
  return {
    id: cn.id,
    number: cn.number,
    invoiceId: cn.invoice_id,
    tenantId: cn.tenant_id,
    amount: cn.amount_fen,
    currency: 'CNY',
    taxableAmount: cn.taxable_fen,
    tax: cn.tax_fen,
    reason: cn.reason,
    issuedOn: cn.issued_on,
  };
}

/** What a credit note may still take off an invoice. */
export function creditableFen(a: { totalFen: Fen; paidFen: Fen; creditedFen: Fen }): Fen {
  return Math.max(0, a.totalFen - a.paidFen - a.creditedFen);
}

export async function issueCreditNote(deps: Deps, caller: Caller, invoiceIdParam: string, body: unknown) {
  if (caller.scopeTenantId !== null) throw forbidden('only staff issue credit notes');
  const invoiceId = idOr404(invoiceIdParam, 'invoice');
  const input = parseWith(creditNoteBody, body);
  const today = todayOf(caller.clock);
  const nowMs = caller.clock.nowMs();
  const found = await invoices.get(deps.knex, invoiceId);
  if (!found) throw notFound(`invoice ${invoiceId}`);
  const view = await exactlyOnce(deps.knex, caller.once, async (trx) => {
    // The tenant's money lock includes lockContract(invoice.contract_id): no payment, credit or
    // other credit note changes what remains while we check and issue.
    await lockTenantMoney(trx, found.tenant_id);
    const invoice = (await invoices.get(trx, invoiceId))!;
    const settled = (await settlementOf(trx, [invoice.id])).get(invoice.id)!;
    const remaining = creditableFen(amountsOf(invoice, settled));
    if (input.amount > remaining) {
      throw ruleBroken('amount', `must be at most ${remaining} fen, the remaining amount of invoice ${invoice.number} (total − paid − already credited)`, { maximum: remaining });
    }
    // SPEC §2: the note reverses revenue and deposit in the invoice's proportions; only the
    // revenue part carries VAT (docs/decisions/0016-vat-on-revenue-and-old-bills.md).
    const lines = invoice.taxable_fen === null ? (await invoices.linesOf(trx, invoice.id)).map(toLine) : undefined;
    const { taxableAmount } = taxViewOf(invoice, lines);
    const tax = creditNoteTax({ totalFen: invoice.total_fen, taxableFen: taxableAmount, vatRateBp: invoice.vat_rate_bp }, settled.creditedFen, input.amount);
    const row: Omit<CreditNoteRow, 'created_at'> = {
      id: newRowId(),
      number: await nextNumber(trx, 'CN', Number(today.slice(0, 4))),
      invoice_id: invoice.id,
      tenant_id: invoice.tenant_id,
      amount_fen: input.amount,
      taxable_fen: tax.taxableFen,
      tax_fen: tax.vatFen,
      reason: input.reason,
      issued_on: today,
    };
    await creditNotes.insert(trx, row);
    // Its 红字 fapiao request, if the bill's fapiao was already requested (decision 0021).
    await requestRedFapiao(trx, row, today);
    await queueMail(
      trx,
      creditNoteMail({ id: row.id, number: row.number, invoiceNumber: invoice.number, amountFen: row.amount_fen, reason: row.reason, tenantName: invoice.tenant_name }, invoice.billing_emails),
      nowMs,
    );
    return creditNoteView((await creditNotes.get(trx, row.id))!);
  });
  if (caller.once?.replayedStatus === undefined) deps.metrics.counter('seatlease_credit_notes_total', 'Credit notes issued').inc();
  // §2.A2: a credit note can settle what was overdue, like a payment.
  // On a replay too: lifting is idempotent, and the first try may have died before it.
  await afterMoneyMoved(deps, [found.contract_id], today, nowMs);
  return view;
}
