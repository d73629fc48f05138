/**
 * 第十三条 (每月初 … 分析统计话务量): on the 1st of each month, each contract in service last month
 * gets last month's traffic report, mailed to its tenant's billing contacts with the PDF
 * attached. Once per (contract, month): the notice key is claimed under a unique constraint in
 * the transaction that keeps the report's snapshot and queues the mail.
 */
import { addMonths, monthOf, type BillingFacts, type IsoDate } from '@seatlease/shared';
import { forEachContract } from '../facts/for-each-contract';
import { claimNotice, noticeClaimed, queueMail } from '../mail/outbox.repository';
import { trafficReportMail } from '../mail/templates';
import type { Deps } from '../deps';
import { trafficSnapshots } from './traffic.repository';
import { trafficReportFor } from './traffic-queries';

const trafficNoticeKey = (contractId: string, period: string) => `traffic_report:${contractId}:${period}`;

export async function runTrafficReports(deps: Deps, today: IsoDate, nowMs: number): Promise<{ period: string; trafficReports: number }> {
  const period = addMonths(monthOf(today), -1);
  let sent = 0;
  await forEachContract(deps, { mode: 'period', period }, nowMs, async (facts: BillingFacts) => {
    if (facts.billingEmails.length === 0) return;
    const key = trafficNoticeKey(facts.contractId, period);
    // Cheap check first: a retried slot does not recompute reports already sent.
    if (await noticeClaimed(deps.knex, key)) return;
    const report = await trafficReportFor(deps, facts, period, nowMs);
    await deps.knex.transaction(async (trx) => {
      if (!(await claimNotice(trx, { key, kind: 'traffic_report', contractId: facts.contractId, onDate: today }))) return;
      await trafficSnapshots.insert(trx, { contract_id: facts.contractId, period, notice_key: key, report });
      await queueMail(trx, { ...trafficReportMail({ ...report, contractId: facts.contractId }, facts.billingEmails), noticeKey: key }, nowMs);
      sent++;
    });
  });
  if (sent > 0) deps.wakeMailer();
  return { period, trafficReports: sent };
}
