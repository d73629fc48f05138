/** GET /v1/payments — tenant_finance sees only its own tenant's payments. */
import { emptyList, pageOf, parseListQuery } from '@seatlease/shared';
import type { Caller, Deps } from '../deps';
import { payments, type PaymentListFilter, type PaymentRow } from './payment.repository';
import { paymentView } from './post-payment';
import { PaymentListQuery as paymentListQuery } from '@seatlease/shared/src/api';

/** How a payment arrived (payment.repository.ts PaymentMethod). */

/** The SQL filter a caller's query means; null = nothing can match (another tenant's). */
export function paymentFilterOf(caller: Caller, q: { tenantId?: string | undefined; receivedFrom?: string | undefined; receivedTo?: string | undefined; method?: string | undefined; reference?: string | undefined }): PaymentListFilter | null {
  // Another tenant's payments are simply not there for a tenant_finance caller.
  if (caller.scopeTenantId !== null && q.tenantId && q.tenantId !== caller.scopeTenantId) return null;
  return { tenantId: caller.scopeTenantId ?? q.tenantId ?? null, receivedFrom: q.receivedFrom, receivedTo: q.receivedTo, method: q.method, reference: q.reference };
}

/** Payments with their allocations, as the API shows them. */
export async function paymentViews(deps: Deps, rows: PaymentRow[]) {
  const ids = rows.map((r) => r.id);
  const allocations = await payments.allocationsOf(deps.knex, ids);
  const credit = await payments.overpaymentsOf(deps.knex, ids);
  return rows.map((p) =>
    paymentView(
      p,
      allocations.filter((a) => a.payment_id === p.id).map((a) => ({ invoiceId: a.invoice_id, number: a.number, amountFen: a.amount_fen })),
      credit.get(p.id) ?? 0,
    ),
  );
}

export async function listPayments(deps: Deps, caller: Caller, query: unknown) {
  const q = parseListQuery(paymentListQuery, query);
  const filter = paymentFilterOf(caller, q);
  if (!filter) return emptyList();
  return pageOf(await payments.page(deps.knex, filter, q), (rows) => paymentViews(deps, rows));
}
