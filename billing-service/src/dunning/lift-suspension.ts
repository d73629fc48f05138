import type { IsoDate } from '@seatlease/shared';
import { invoices } from '../invoices/invoice.repository';
import { invoiceSummaries } from '../invoices/invoice-view';
import type { Deps } from '../deps';

/**
 * §2.A2: paying everything overdue lifts the suspension. Called after every payment or credit.
 * Answers whether the contract was resumed.
 */
export async function liftSuspensionIfSettled(deps: Deps, contractId: string, today: IsoDate, nowMs: number): Promise<boolean> {
  const rows = await invoices.dueBefore(deps.knex, contractId, today);
  const summaries = await invoiceSummaries(deps.knex, rows);
  if (summaries.some((s) => s.status === 'open' && s.amountDue > 0)) return false;
  const res = await deps.contracts.expect<{ changed: boolean }>('POST', `/internal/contracts/${contractId}/resume`, { on: today }, { nowMs });
  return res.changed;
}

