/**
 * Renewal notices (§2.A8: renewal is agreed one month before the end): to the tenant's billing
 * contacts and staff at 60 and 30 days before the end (configurable), and a staff alert at 7
 * days if still unrenewed. Each keyed (contract, end date, stage): once, whatever the replicas.
 * A renewal moves the end date, so the next term gets its own notices.
 */
import { addDays, daysBetween, type BillingFacts, type IsoDate } from '@seatlease/shared';
import { forEachContract } from '../facts/for-each-contract';
import { claimNotice, queueMail } from '../mail/outbox.repository';
import { renewalNoticeMail, staffAlertMail } from '../mail/templates';
import type { Deps } from '../deps';

/** The stage due on `today`: the smallest configured day count not yet reached, or null. */
export function renewalStage(stagesDays: readonly number[], daysLeft: number): number | null {
  const due = stagesDays.filter((s) => daysLeft <= s);
  return due.length ? Math.min(...due) : null;
}

export async function runRenewalNotices(deps: Deps, today: IsoDate, nowMs: number) {
  const stages = deps.config.SEATLEASE_RENEWAL_NOTICE_DAYS;
  const alertDays = deps.config.SEATLEASE_RENEWAL_ALERT_DAYS;
  const horizon = Math.max(...stages, alertDays);
  let notices = 0;
  let alerts = 0;
  await forEachContract(deps, { mode: 'ending', from: today, to: addDays(today, horizon) }, nowMs, async (facts: BillingFacts) => {
    if (facts.status === 'terminated' || facts.status === 'expired') return;
    const daysLeft = daysBetween(today, facts.endDate);
    const stage = renewalStage(stages, daysLeft);
    await deps.knex.transaction(async (trx) => {
      if (stage !== null && (await claimNotice(trx, { key: `renewal:${facts.contractId}:${facts.endDate}:${stage}`, kind: 'renewal_notice', contractId: facts.contractId, onDate: today }))) {
        const mail = renewalNoticeMail({ tenantName: facts.tenantName, contractId: facts.contractId, endDate: facts.endDate, daysBefore: daysLeft }, [...facts.billingEmails, deps.config.SEATLEASE_STAFF_EMAIL]);
        await queueMail(trx, { ...mail, noticeKey: `renewal:${facts.contractId}:${facts.endDate}:${stage}` }, nowMs);
        notices++;
      }
      if (daysLeft <= alertDays && (await claimNotice(trx, { key: `renewal-alert:${facts.contractId}:${facts.endDate}`, kind: 'staff_alert', contractId: facts.contractId, onDate: today }))) {
        await queueMail(
          trx,
          staffAlertMail(
            `未续签预警：合同 ${facts.contractId} 将于 ${facts.endDate} 到期 / Unrenewed lease ends ${facts.endDate}`,
            `${facts.tenantName} 的合同 ${facts.contractId} 将于 ${facts.endDate} 到期（还有 ${daysLeft} 天），尚未续签（§2.A8）。\n` +
              `Lease ${facts.contractId} of ${facts.tenantName} ends on ${facts.endDate} (${daysLeft} days) and is not renewed (§2.A8).`,
            deps.config.SEATLEASE_STAFF_EMAIL,
          ),
          nowMs,
        );
        alerts++;
      }
    });
  });
  if (notices + alerts > 0) deps.wakeMailer();
  return { renewalNotices: notices, staffAlerts: alerts };
}
