/**
 * Dunning (SPEC §6, §2.A2): a reminder 3 days before the due date, an overdue notice the day
 * after, a suspension warning on day 10, suspension on day 16 — each notice once, keyed by
 * (invoice, stage) under a unique constraint, queued in the same transaction as its claim.
 */
import { addDays, daysBetween, type IsoDate } from '@seatlease/shared';
import { invoices } from '../invoices/invoice.repository';
import { invoiceSummaries } from '../invoices/invoice-view';
import { claimNotice, contractsNoticedSince, queueMail } from '../mail/outbox.repository';
import { dunningMail } from '../mail/templates';
import type { Deps } from '../deps';
import { liftSuspensionIfSettled } from './lift-suspension';

const REMINDER_DAYS_BEFORE = 3;
const OVERDUE_DAY = 1;
const WARNING_DAY = 10;
/** §2.A2: unpaid more than 15 days after the due date → suspended on day 16. */
const SUSPENSION_DAY = 16;
/** Invoices overdue longer than this are past every stage (a limit on the daily scan). */
const SCAN_DAYS_BACK = 60;

type Stage = 'payment_reminder' | 'payment_overdue' | 'suspension_warning' | 'suspended';

/** The stage an open invoice is in on `today`, if any. */
export function dunningStage(dueDate: IsoDate, today: IsoDate): Stage | null {
  const day = daysBetween(dueDate, today); // negative before the due date
  if (day >= SUSPENSION_DAY) return 'suspended';
  if (day >= WARNING_DAY) return 'suspension_warning';
  if (day >= OVERDUE_DAY) return 'payment_overdue';
  if (day >= -REMINDER_DAYS_BEFORE && day < 0) return 'payment_reminder';
  return null;
}

export async function runDunning(deps: Deps, today: IsoDate, nowMs: number) {
  const rows = await invoices.dueBetween(deps.knex, addDays(today, -SCAN_DAYS_BACK), addDays(today, REMINDER_DAYS_BEFORE));
  const summaries = await invoiceSummaries(deps.knex, rows);
  const sent: Record<Stage, number> = { payment_reminder: 0, payment_overdue: 0, suspension_warning: 0, suspended: 0 };
  const suspended = new Set<string>();
  for (const inv of summaries) {
    if (inv.status !== 'open' || inv.amountDue <= 0) continue;
    const stage = dunningStage(inv.dueDate, today);
    if (!stage) continue;
    if (stage === 'suspended' && !suspended.has(inv.contractId)) {
      // The contract's status is contract-service's: suspend first (idempotent), then tell the tenant.
      await deps.contracts.expect('POST', `/internal/contracts/${inv.contractId}/suspend`, {
        on: today,
        reason: `账单 ${inv.number} 逾期超过 15 日 / bill ${inv.number} more than 15 days overdue (§2.A2)`,
      }, { nowMs });
      suspended.add(inv.contractId);
    }
    const row = rows.find((r) => r.id === inv.id)!;
    const won = await deps.knex.transaction(async (trx) => {
      const claimed = await claimNotice(trx, { key: `dunning:${inv.id}:${stage}`, kind: stage, contractId: inv.contractId, invoiceId: inv.id, onDate: today });
      if (!claimed) return false;
      await queueMail(
        trx,
        dunningMail(
          stage,
          { id: inv.id, number: inv.number, tenantName: inv.tenantName, period: inv.period, kind: inv.kind, totalFen: inv.total, dueDate: inv.dueDate, amountDueFen: inv.amountDue, suspensionDate: addDays(inv.dueDate, SUSPENSION_DAY) },
          row.billing_emails,
        ),
        nowMs,
      );
      return true;
    });
    if (won) sent[stage]++;
  }
  if (Object.values(sent).some((n) => n > 0)) deps.wakeMailer();
  // Backstop for the lift after a payment (which may have failed to reach contract-service):
  // every contract suspended by dunning lately is resumed once nothing overdue remains.
  let resumed = 0;
  const suspendedLately = await contractsNoticedSince(deps.knex, 'suspended', addDays(today, -SCAN_DAYS_BACK));
  for (const contract_id of suspendedLately) {
    if (suspended.has(contract_id)) continue;
    if (await liftSuspensionIfSettled(deps, contract_id, today, nowMs)) resumed++;
  }
  return { ...sent, contractsSuspended: suspended.size, contractsResumed: resumed };
}
