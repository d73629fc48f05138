import { randomUUID } from 'node:crypto';
import { idOr404, notFound, parseWith, z, text, type SeatTier } from '@seatlease/shared';
import { priceList, tenants, type TenantRow } from '../contracts/contract.repository';
import { appendAudit } from '../audit/audit.repository';
import type { Caller, Deps } from '../deps';

const emails = z
  .array(z.string().trim().email({ message: 'must be an email address' }).max(254), { message: 'must be a list of email addresses' })
  .min(1, { message: 'needs at least one billing contact' })
  .max(20, { message: 'at most 20 billing contacts' });

export const createTenantBody = z.object({ name: text(200), billingEmails: emails }).strict();

export function tenantView(t: TenantRow) {
  return { id: t.id, name: t.name, billingEmails: t.billing_emails, createdAt: t.created_at.toISOString() };
}

export async function createTenant(deps: Deps, caller: Caller, body: unknown) {
  const input = parseWith(createTenantBody, body);
  const id = randomUUID();
  await deps.knex.transaction(async (trx) => {
    await tenants.insert(trx, { id, name: input.name, billing_emails: input.billingEmails });
    await appendAudit(trx, caller.actor, caller.clock.nowMs(), { action: 'tenant.created', entity: 'tenant', entityId: id, data: input });
  });
  return tenantView((await tenants.get(deps.knex, id))!);
}

export async function getTenant(deps: Deps, caller: Caller, id: string) {
  const t = await tenants.get(deps.knex, idOr404(id, 'tenant'));
  if (!t || (caller.scopeTenantId !== null && caller.scopeTenantId !== t.id)) throw notFound(`tenant ${id}`);
  return tenantView(t);
}

const TIERS = ['province', 'prefecture', 'county'] as const;

export async function getPriceList(deps: Deps) {
  const rows = await priceList.all(deps.knex);
  return {
    currency: 'CNY',
    data: rows.map((r) => ({ tier: r.tier, seatFee: r.seat_fee_fen, circuitFee: r.circuit_fee_fen, updatedAt: (r.updated_at as Date).toISOString() })),
  };
}

const priceBody = z
  .object({
    seatFee: z.number().int({ message: 'must be an integer number of fen' }).min(0, { message: 'must not be negative' }).max(100_000_000),
    circuitFee: z.number().int({ message: 'must be an integer number of fen' }).min(0, { message: 'must not be negative' }).max(100_000_000).default(0),
  })
  .strict();

/** Later price-list changes never touch a signed contract (§4.2): contracts copy their price. */
export async function setPrice(deps: Deps, caller: Caller, tier: string, body: unknown) {
  const t = parseWith(z.enum(TIERS, { message: `must be one of ${TIERS.join(', ')}` }), tier, 'tier') as SeatTier;
  const input = parseWith(priceBody, body);
  await deps.knex.transaction(async (trx) => {
    await priceList.set(trx, t, input.seatFee, input.circuitFee, new Date(caller.clock.nowMs()));
    await appendAudit(trx, caller.actor, caller.clock.nowMs(), { action: 'price_list.updated', entity: 'price_list', entityId: t, data: input });
  });
  const row = await priceList.get(deps.knex, t);
  return { tier: t, seatFee: row.seat_fee_fen, circuitFee: row.circuit_fee_fen, currency: 'CNY' };
}
