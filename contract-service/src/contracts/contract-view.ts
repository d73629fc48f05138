import { formatBasisPoints, toShanghaiInstant, type IsoDate } from '@seatlease/shared';
import { contracts as repo } from './contract.repository';
import { contractedSeats, feeOn, seatsInService, type ContractState } from './contract-state';
import { priceFor } from './contract-model';

/**
 * The API's contract object (API.md `GET /v1/contracts/:id`) as contract-service knows it. The
 * money billing holds (`depositHeld`) is not contract-service's to say: the gateway puts it in
 * from billing-service (decision 0062), so a contract read never calls billing.
 */
export function contractView(s: ContractState, today: IsoDate) {
  const price = priceFor(s.prices, today.slice(0, 7) < s.row.start_month ? s.row.start_month : today.slice(0, 7));
  return {
    id: s.row.id,
    number: s.row.number,
    tenantId: s.row.tenant_id,
    tenantName: s.tenant.name,
    status: s.status,
    seatTier: s.row.seat_tier,
    signedOn: s.row.signed_on,
    startMonth: s.row.start_month,
    endDate: s.endDate,
    lastDayOfService: s.lastDay,
    termMonths: s.row.term_months,
    currency: 'CNY',
    seatFee: price.seatFeeFen,
    circuitFee: price.circuitFeeFen,
    monthlyFee: feeOn(s, today < `${s.row.start_month}-01` ? `${s.row.start_month}-01` : today),
    prices: s.prices.map((p) => ({ effectiveMonth: p.effectiveMonth, seatFee: p.seatFeeFen, circuitFee: p.circuitFeeFen })),
    vatRate: formatBasisPoints(s.row.vat_rate_bp),
    restoreWindowHours: s.row.restore_window_hours,
    callRates: repo.callRates(s.row),
    liveSeats: seatsInService(s, today),
    contractedSeats: contractedSeats(s, today),
    termination: s.termination
      ? {
          kind: s.termination.kind,
          noticeDate: s.termination.notice_date,
          effectiveDate: s.termination.effective_date,
          reason: s.termination.reason,
        }
      : null,
    createdAt: toShanghaiInstant(s.row.created_at),
  };
}
