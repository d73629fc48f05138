/**
 * Making fapiao requests (decision 0021). A bill's blue request is made when it is paid (or,
 * with SEATLEASE_FAPIAO_REQUEST_ON=issued, once it is issued), for its revenue lines less any
 * credit notes already issued against it; a credit note issued after its bill's blue request
 * gets a 红字 (red) request. Bills without revenue get a `not_required` row, so that every bill
 * says where its fapiao stands. Called inside the transactions that move money (payments,
 * credit notes) and, as a backstop, by the daily job.
 */
import type { Knex } from 'knex';
import { assert, sumFen, type Fen, type IsoDate, type LineCode } from '@seatlease/shared';
import { invoices, settlementOf, toLine } from '../invoices/invoice.repository';
import { amountsOf } from '../invoices/invoice-view';
import { newRowId } from '../ids';
import type { Deps } from '../deps';
import { draftFapiao, type FapiaoItem } from './fapiao-lines';
import { fapiaoRequests } from './fapiao.repository';

export interface FapiaoPolicy {
  requestOn: 'paid' | 'issued';
  itemFor: (code: LineCode) => FapiaoItem;
}

export function fapiaoPolicyOf(deps: Pick<Deps, 'config' | 'fapiaoItems'>): FapiaoPolicy {
  return { requestOn: deps.config.SEATLEASE_FAPIAO_REQUEST_ON, itemFor: deps.fapiaoItems };
}

/** Bills requested per pass of the backstop (a limit on everything). */
const SYNC_BATCH = 500;

/** Makes the blue requests these bills are due; answers how many rows it wrote. */
export async function requestBlueFapiaos(trx: Knex.Transaction, policy: FapiaoPolicy, invoiceIds: readonly string[], today: IsoDate): Promise<number> {
  const have = new Set((await fapiaoRequests.bluesOf(trx, invoiceIds)).map((r) => r.invoice_id));
  const todo = [...new Set(invoiceIds)].filter((id) => !have.has(id));
  if (todo.length === 0) return 0;
  const settled = await settlementOf(trx, todo);
  let written = 0;
  for (const id of todo) {
    const bill = (await invoices.get(trx, id))!;
    const amounts = amountsOf(bill, settled.get(id)!);
    if (policy.requestOn === 'paid' && amounts.status === 'open') continue;
    const lines = (await invoices.linesOf(trx, id)).map(toLine);
    // A credit note issued before the fapiao is requested reduces it (no blue-then-red for
    // nothing) by the revenue it reverses (its taxable part, SPEC §2).
    const creditedFen = settled.get(id)!.creditedFen > 0 ? await fapiaoRequests.creditedTaxableOf(trx, id) : 0;
    const reduced = creditedFen > 0 ? [...lines, { ...lines[0]!, code: 'one_off' as const, amountFen: -creditedFen, quantity: 1, ref: 'credited' }] : lines;
    // Wholly credited (void): nothing was sold.
    const draft = amounts.status === 'void' ? null : draftFapiao(reduced, bill.vat_rate_bp, policy.itemFor);
    const base = {
      id: newRowId(),
      kind: 'blue' as const,
      invoice_id: id,
      credit_note_id: null,
      tenant_id: bill.tenant_id,
      vat_rate_bp: bill.vat_rate_bp,
      requested_on: today,
    };
    const inserted = draft
      ? await fapiaoRequests.insert(trx, {
          ...base,
          status: 'pending',
          reason: creditedFen > 0 ? `net of ${creditedFen} fen credited before the request` : null,
          tax_inclusive: draft.taxInclusive,
          gross_fen: draft.grossFen,
          net_fen: draft.netFen,
          tax_fen: draft.taxFen,
          lines: draft.lines,
        })
      : await fapiaoRequests.insert(trx, {
          ...base,
          status: 'not_required',
          reason: amounts.status === 'void' ? 'the bill was wholly credited: no fapiao' : 'no revenue on this bill (deposits, credit carried and credits are not sold): no fapiao',
          tax_inclusive: true,
          gross_fen: 0,
          net_fen: 0,
          tax_fen: 0,
          lines: [],
        });
    if (inserted) written++;
  }
  return written;
}

/**
 * The 红字 request of a credit note, when its bill's fapiao was already requested: the revenue it
 * reverses (its taxable part),
 * at most what the blue request and earlier red ones leave, as one line of the blue's main item.
 */
export async function requestRedFapiao(trx: Knex.Transaction, creditNote: { id: string; invoice_id: string; amount_fen: Fen; taxable_fen?: Fen | null }, today: IsoDate): Promise<boolean> {
  const [blue] = await fapiaoRequests.bluesOf(trx, [creditNote.invoice_id]);
  if (!blue || blue.status === 'not_required') return false;
  const reds = await fapiaoRequests.redsOf(trx, creditNote.invoice_id);
  const left = blue.gross_fen - sumFen(reds.map((r) => r.gross_fen));
  // The revenue the note reverses (its taxable part); notes against deposits alone reverse none.
  const grossFen = Math.min(creditNote.taxable_fen ?? creditNote.amount_fen, left);
  if (grossFen <= 0) return false;
  const main = blue.lines.reduce((a, b) => (b.grossFen > a.grossFen ? b : a));
  const draft = draftFapiao([{ code: 'rent', description: '', quantity: 1, unitAmountFen: grossFen, amountFen: grossFen, period: '', clause: '', formula: '', ref: 'red' }], blue.vat_rate_bp, () => ({ name: main.name, taxCode: main.taxCode }));
  assert(draft !== null && draft.lines.length === 1, 'a red request is one positive line');
  return fapiaoRequests.insert(trx, {
    id: newRowId(),
    kind: 'red',
    invoice_id: creditNote.invoice_id,
    credit_note_id: creditNote.id,
    tenant_id: blue.tenant_id,
    status: 'pending',
    reason: `红字 against the fapiao of this bill${blue.fapiao_number ? ` (No. ${blue.fapiao_number})` : ''}`,
    tax_inclusive: draft.taxInclusive,
    vat_rate_bp: blue.vat_rate_bp,
    gross_fen: draft.grossFen,
    net_fen: draft.netFen,
    tax_fen: draft.taxFen,
    lines: draft.lines.map((l) => ({ ...l, quantity: null })),
    requested_on: today,
  });
}

/** The backstop: every bill due a blue request gets one (bills paid at issue, missed hooks). */
export async function syncFapiaoRequests(deps: Deps, today: IsoDate): Promise<number> {
  const policy = fapiaoPolicyOf(deps);
  let written = 0;
  for (;;) {
    const ids = await fapiaoRequests.billsLackingBlue(deps.knex, policy.requestOn, SYNC_BATCH);
    if (ids.length === 0) return written;
    const n = await deps.knex.transaction((trx) => requestBlueFapiaos(trx, policy, ids, today));
    written += n;
    // Bills still lacking after a pass are open ones (paid mode re-checks them under the lock).
    if (n === 0) return written;
  }
}
