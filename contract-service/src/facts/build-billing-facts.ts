/**
 * The seam to billing (STYLE habit 3): a contract's state as BillingFacts.
 */
import { monthOf, shanghaiDate, type BillingFacts, type VoidedRecordFact } from '@seatlease/shared';
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
    voided: voidedFacts(s),
  };
}

/** SPEC §5: the records voided by mistake, for the bill that corrects them to cite. */
function voidedFacts(s: ContractState): VoidedRecordFact[] {
  const on = (r: { voided_at?: Date | null }) => shanghaiDate(r.voided_at!.toISOString());
  const out: VoidedRecordFact[] = [];
  for (const o of s.voided.outages) {
    out.push({ kind: 'outage', id: o.id, voidedOn: on(o), reason: o.void_reason!, fromMonth: monthOf(shanghaiDate(o.started_at.toISOString())), toMonth: monthOf(shanghaiDate(o.ended_at.toISOString())) });
  }
  for (const f of s.voided.forceMajeure) {
    out.push({ kind: 'force_majeure', id: f.id, voidedOn: on(f), reason: f.void_reason!, fromMonth: monthOf(shanghaiDate(f.started_at.toISOString())), toMonth: monthOf(shanghaiDate(f.ended_at.toISOString())) });
  }
  for (const o of s.voided.oneOffs) {
    out.push({ kind: 'one_off', id: o.id, voidedOn: on(o), reason: o.void_reason!, fromMonth: monthOf(o.created_on), toMonth: monthOf(o.created_on) });
  }
  for (const o of s.voided.orders) {
    out.push({ kind: 'seat_order', id: o.id, voidedOn: on(o), reason: o.void_reason!, fromMonth: monthOf(o.effective_date), toMonth: null });
  }
  return out.sort((a, b) => (a.voidedOn < b.voidedOn ? -1 : a.voidedOn > b.voidedOn ? 1 : a.id < b.id ? -1 : 1));
}
