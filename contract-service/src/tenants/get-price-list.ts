import { toShanghaiInstant } from '@seatlease/shared';
import { priceList } from '../contracts/contract.repository';
import type { Deps } from '../deps';

export async function getPriceList(deps: Deps) {
  const rows = await priceList.all(deps.knex);
  return {
    currency: 'CNY',
    data: rows.map((r) => ({ tier: r.tier, seatFee: r.seat_fee_fen, circuitFee: r.circuit_fee_fen, updatedAt: toShanghaiInstant(r.updated_at as Date) })),
  };
}
