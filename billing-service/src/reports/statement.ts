/**
 * GET /v1/tenants/:id/statement?from=&to= — the tenant's statement of account: opening balance,
 * every invoice, credit note, payment and credit movement in date order with a running balance,
 * the closing balance, and beside it the credit balance and the deposit held per contract.
 * tenant_finance: its own tenant only (another tenant's answers 404, not disclosed).
 */
import { idOr404, notFound, parseWith, ruleBroken, today as todayOf, type Fen } from '@seatlease/shared';
import type { Caller, Deps } from '../deps';
import { tenantOf } from '../tenants/tenant.client';
import { creditBalancesAsOf, depositsAsOf, movementCount, movementsOf } from './report.repository';
import { statementLines } from './statement-lines';
import { fapiaoRequests } from '../fapiao/fapiao.repository';
import { StatementQuery as statementQuery } from '@seatlease/shared/src/api';

/** A statement longer than this must be asked for in shorter pieces (a limit on everything). */
export const MAX_STATEMENT_MOVEMENTS = 10_000;

export async function tenantStatement(deps: Deps, caller: Caller, tenantIdParam: string, query: unknown) {
  const tenantId = idOr404(tenantIdParam, 'tenant');
  if (caller.scopeTenantId !== null && caller.scopeTenantId !== tenantId) throw notFound(`tenant ${tenantIdParam}`);
  const q = parseWith(statementQuery, query);
  const to = q.to ?? todayOf(caller.clock);
  const from = q.from ?? null;
  if (from !== null && from > to) throw ruleBroken('from', `must not be after to (${to})`);
  const tenant = await tenantOf(deps, caller, tenantId);
  if (!tenant) throw notFound(`tenant ${tenantIdParam}`);
  const count = await movementCount(deps.knex, tenantId, to);
  if (count > MAX_STATEMENT_MOVEMENTS) throw ruleBroken('to', `the statement up to ${to} has ${count} movements; ask for at most ${MAX_STATEMENT_MOVEMENTS} at a time`);
  const lines = statementLines(await movementsOf(deps.knex, tenantId, to), from, to);
  // Which bills have their fapiao (blue by bill, 红字 by credit note).
  const requests = await fapiaoRequests.ofInvoices(deps.knex, [...new Set(lines.movements.flatMap((m) => (m.invoiceId ? [m.invoiceId] : [])))]);
  const fapiaoOf = (m: { type: string; invoiceId?: string | null; creditNoteId?: string | null }) => {
    const r =
      m.type === 'invoice' ? requests.find((x) => x.kind === 'blue' && x.invoice_id === m.invoiceId)
      : m.type === 'credit_note' ? requests.find((x) => x.kind === 'red' && x.credit_note_id === m.creditNoteId)
      : undefined;
    return r ? { status: r.status, number: r.fapiao_number, issuedOn: r.issued_on, requestId: r.id } : null;
  };
  const credit: Fen = (await creditBalancesAsOf(deps.knex, to, tenantId)).get(tenantId) ?? 0;
  const deposits = await depositsAsOf(deps.knex, tenantId, to);
  return {
    tenantId,
    tenantName: tenant.name,
    currency: 'CNY',
    from,
    to,
    /** Positive: the tenant owes us; negative: the tenant is in credit. */
    openingBalance: lines.openingBalanceFen,
    movements: lines.movements.map((m) => ({
      date: m.date,
      type: m.type,
      reference: m.reference,
      description: m.description,
      amount: m.amountFen,
      balance: m.balanceFen,
      invoiceId: m.invoiceId ?? null,
      paymentId: m.paymentId ?? null,
      creditNoteId: m.creditNoteId ?? null,
      fapiao: fapiaoOf(m),
    })),
    closingBalance: lines.closingBalanceFen,
    creditBalance: credit,
    deposits: deposits.map((d) => ({ contractId: d.contractId, held: d.heldFen })),
    depositHeld: deposits.reduce((s, d) => s + d.heldFen, 0),
  };
}
