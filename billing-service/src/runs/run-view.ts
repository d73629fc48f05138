import { toShanghaiInstant } from '@seatlease/shared';
import type { RunRow } from './billing-run.repository';

/** A billing run as the API shows it. */
export function runView(r: RunRow) {
  return {
    id: r.id,
    period: r.period,
    status: r.status,
    issuedOn: r.issued_on,
    trigger: r.trigger,
    invoicesIssued: r.invoices_issued,
    contractsSeen: r.contracts_seen,
    startedAt: toShanghaiInstant(r.started_at),
    completedAt: r.completed_at ? toShanghaiInstant(r.completed_at) : null,
  };
}
