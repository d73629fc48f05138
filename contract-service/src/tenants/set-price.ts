import { parseWith, z, type SeatTier } from '@seatlease/shared';
import { priceList } from '../contracts/contract.repository';
import { appendAudit } from '../audit/audit.repository';
import type { Caller, Deps } from '../deps';
import { PriceUpdate as priceBody } from '@seatlease/shared/src/api';

const TIERS = ['province', 'prefecture', 'county'] as const;

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
