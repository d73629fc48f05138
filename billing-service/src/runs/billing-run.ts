/**
 * Billing runs: one per period however often and from however many processes they are
 * started; resumable after a crash. Contracts are billed one by one, in id order, each in its
 * own transaction under its advisory lock; the run's cursor records progress, and the unique
 * (contract, period, kind) constraint makes a repeated contract a no-op.
 */
import { randomUUID } from 'node:crypto';
import { addMonths, assert, conflict, monthOf, notFound, type IsoDate, type Month } from '@seatlease/shared';
import { factsPage } from '../facts/facts.client';
import { issueInvoice } from '../invoices/issue-invoice';
import type { Deps } from '../deps';

/** Contracts fetched from contract-service per round trip (a limit on everything). */
export const RUN_PAGE_SIZE = 500;
/** How far ahead a period may be billed: next month at most (SPEC §4 bills month M during M−1). */
export const MAX_MONTHS_AHEAD = 1;

export interface RunRow {
  id: string;
  period: Month;
  status: 'running' | 'completed';
  issued_on: IsoDate;
  trigger: string;
  cursor_contract_id: string | null;
  invoices_issued: number;
  contracts_seen: number;
  started_at: Date;
  completed_at: Date | null;
}

export function runView(r: RunRow) {
  return {
    id: r.id,
    period: r.period,
    status: r.status,
    issuedOn: r.issued_on,
    trigger: r.trigger,
    invoicesIssued: r.invoices_issued,
    contractsSeen: r.contracts_seen,
    startedAt: r.started_at.toISOString(),
    completedAt: r.completed_at ? r.completed_at.toISOString() : null,
  };
}

/** Creates the period's run, or answers the one that exists (one run per period). */
async function findOrCreateRun(deps: Deps, period: Month, issuedOn: IsoDate, trigger: string, nowMs: number): Promise<RunRow> {
  await deps.knex('billing_runs')
    .insert({ id: randomUUID(), period, status: 'running', issued_on: issuedOn, trigger, started_at: new Date(nowMs) })
    .onConflict('period')
    .ignore();
  return (await deps.knex<RunRow>('billing_runs').where({ period }).first())!;
}

export async function getRun(deps: Deps, id: string): Promise<RunRow> {
  const r = await deps.knex<RunRow>('billing_runs').where({ id }).first();
  if (!r) throw notFound(`billing run ${id}`);
  return r;
}

/**
 * Runs (or resumes, or joins) the billing of `period`. Only one process works a run at a time
 * (a session advisory lock on a dedicated connection); the others wait for it and then find it
 * completed. Answers the run as it stands when done.
 */
export async function runBilling(deps: Deps, args: { period: Month; today: IsoDate; nowMs: number; trigger: string }): Promise<RunRow> {
  const { period, today } = args;
  const latest = addMonths(monthOf(today), MAX_MONTHS_AHEAD);
  if (period > latest) {
    throw conflict(`period ${period} is too far ahead: on ${today} the latest period that may be billed is ${latest}`, { latestPeriod: latest });
  }
  const run = await findOrCreateRun(deps, period, today, args.trigger, args.nowMs);
  if (run.status === 'completed') return run;
  // The lock lives on one pooled connection for the whole run.
  const conn = await deps.knex.client.acquireConnection();
  const lockKey = `billing:run:${period}`;
  try {
    await deps.knex.raw('select pg_advisory_lock(hashtextextended(?, 0))', [lockKey]).connection(conn);
    let current = (await deps.knex<RunRow>('billing_runs').where({ id: run.id }).first())!;
    while (current.status !== 'completed') {
      const page = await factsPage(deps.contracts, { mode: 'period', period }, current.cursor_contract_id, RUN_PAGE_SIZE, args.nowMs);
      for (const facts of page.data) {
        await issueInvoice(deps, { facts, period, kind: 'monthly', issuedOn: current.issued_on, nowMs: args.nowMs, runId: current.id });
      }
      // Counted from the invoices themselves, so a resumed run reports the truth.
      const issued = Number((await deps.knex('invoices').where({ run_id: current.id }).count({ n: '*' }).first())?.n ?? 0);
      const last = page.data[page.data.length - 1]?.contractId ?? current.cursor_contract_id;
      assert(page.nextAfter === null || page.nextAfter === last, 'pages follow contract id order');
      await deps.knex('billing_runs')
        .where({ id: current.id })
        .update({
          cursor_contract_id: last,
          invoices_issued: issued,
          contracts_seen: deps.knex.raw('contracts_seen + ?', [page.data.length]),
          ...(page.nextAfter === null ? { status: 'completed', completed_at: new Date(args.nowMs) } : {}),
        });
      current = (await deps.knex<RunRow>('billing_runs').where({ id: run.id }).first())!;
    }
    return current;
  } finally {
    await deps.knex.raw('select pg_advisory_unlock(hashtextextended(?, 0))', [lockKey]).connection(conn).catch(() => {});
    await deps.knex.client.releaseConnection(conn);
  }
}
