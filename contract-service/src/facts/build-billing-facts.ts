/**
 * The seam to billing (STYLE habit 3): a contract's state as BillingFacts.
 */
import type { BillingFacts } from '@seatlease/shared';
import { contracts as contractRepo } from '../contracts/contract.repository';
import type { ContractState } from '../contracts/contract-state';
import { isHonoured } from '../contracts/contract-model';

export function toBillingFacts(s: ContractState): BillingFacts {
  const t = s.termination;
  return {
    contractId: s.row.id,
    tenantId: s.row.tenant_id,
    tenantName: s.tenant.name,
    billingEmails: s.tenant.billing_emails,
    status: s.status,
    seatTier: s.row.seat_tier,
    signedOn: s.row.signed_on,
    startMonth: s.row.start_month,
    termMonths: s.row.term_months,
    endDate: s.endDate,
    vatRateBp: s.row.vat_rate_bp,
    restoreWindowHours: s.row.restore_window_hours,
    callRates: contractRepo.callRates(s.row),
    prices: s.prices,
    seatOrders: s.orders.map((o) => ({
      id: o.id,
      kind: o.kind,
      quantity: o.quantity,
      effectiveDate: o.effective_date,
      status: o.kind === 'add' ? (o.opened_on ? 'opened' : 'pending') : 'completed',
      openedOn: o.opened_on,
      excused: o.excused,
      daysLate: o.days_late,
      initial: o.initial,
    })),
    seatSpans: s.spans,
    outages: s.outages.map((o) => ({
      id: o.id,
      startedAt: o.started_at.toISOString(),
      endedAt: o.ended_at.toISOString(),
      seatsAffected: o.seats_affected,
      cause: o.cause,
    })),
    forceMajeure: s.forceMajeure.map((f) => ({
      id: f.id,
      startedAt: f.started_at.toISOString(),
      endedAt: f.ended_at.toISOString(),
      noticeGivenOn: f.notice_given_on,
      honoured: isHonoured(f),
      claimedBy: f.claimed_by,
      description: f.description,
    })),
    suspensions: s.suspensions.map((x) => ({ from: x.from_date, to: x.to_date })),
    termination: t
      ? {
          id: t.id,
          kind: t.kind,
          noticeDate: t.notice_date,
          effectiveDate: t.effective_date,
          reason: t.reason,
          seatsLiveAtNotice: t.seats_live_at_notice,
          monthlyFeeAtNoticeFen: t.monthly_fee_at_notice_fen,
          termMonthsAtNotice: t.term_months_at_notice,
        }
      : null,
    oneOffCharges: s.oneOffs.map((o) => ({
      id: o.id,
      amountFen: o.amount_fen,
      description: o.description,
      clause: o.clause,
      createdOn: o.created_on,
    })),
  };
}
