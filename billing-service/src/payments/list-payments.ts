/** GET /v1/payments?tenantId= — tenant_finance sees only its own tenant's payments. */
import { parseWith, z } from '@seatlease/shared';
import type { Caller, Deps } from '../deps';
import { payments } from './payment.repository';
import { paymentView } from './post-payment';

const listQuery = z.object({
  tenantId: z.string().uuid({ message: 'must be a tenant id (UUID)' }).optional(),
  limit: z.coerce.number().int().min(1, { message: 'must be at least 1' }).max(500, { message: 'must be at most 500' }).default(100),
  offset: z.coerce.number().int().min(0, { message: 'must not be negative' }).max(1_000_000, { message: 'is out of range' }).default(0),
});

export async function listPayments(deps: Deps, caller: Caller, query: unknown) {
  const q = parseWith(listQuery, query);
  // Another tenant's payments are simply not there for a tenant_finance caller.
  if (caller.scopeTenantId !== null && q.tenantId && q.tenantId !== caller.scopeTenantId) return { data: [] };
  const rows = await payments.list(deps.knex, { tenantId: caller.scopeTenantId ?? q.tenantId ?? null, limit: q.limit, offset: q.offset });
  const ids = rows.map((r) => r.id);
  const allocations = await payments.allocationsOf(deps.knex, ids);
  const credit = await payments.overpaymentsOf(deps.knex, ids);
  return {
    data: rows.map((p) =>
      paymentView(
        p,
        allocations.filter((a) => a.payment_id === p.id).map((a) => ({ invoiceId: a.invoice_id, number: a.number, amountFen: a.amount_fen })),
        credit.get(p.id) ?? 0,
      ),
    ),
  };
}
