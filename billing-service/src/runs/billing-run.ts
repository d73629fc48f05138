/**
 * Billing runs: one per period however often and from however many processes they are
 * started; resumable after a crash. Contracts are billed in id order, a batch of them per
 * transaction under their advisory locks (issueInvoices); the run's cursor records progress
 * page by page, and a contract already invoiced for the period is skipped, so a resumed run
 * neither doubles nor skips anything.
 *
 * Speed (docs/benchmarks.md): the next page of facts is fetched from contract-service while
 * the current one is billed, so the two services work at the same time (on 2 cores).
 */
import { addMonths, assert, conflict, monthOf, type BillingFacts, type IsoDate, type Month } from '@seatlease/shared';
import { factsPage } from '../facts/facts.client';
import { issueInvoices } from '../invoices/issue-invoice';
import { invoices } from '../invoices/invoice.repository';
import { withRunLock } from '../locks/billing-locks.repository';
import { billingRuns, type RunRow } from './billing-run.repository';
import type { Deps } from '../deps';

/**
 * Contracts fetched from contract-service per round trip (a limit on everything: its maximum).
 * 2,000 rather than 1,000: a page's batches drain before the run's cursor moves, and four
 * batches per page drain less often than two (docs/benchmarks.md, "Billing run").
 */
const RUN_PAGE_SIZE = 2000;
/**
 * Batches in flight at once: while one computes in this process the others read or write in
 * PostgreSQL, so both cores work. The result stays that of billing the contracts one by one in
 * id order (tenant credit is carried and spent in id order):
 * - a batch starts once the one before it has computed its invoices, unless it bills a tenant
 *   to whom a batch still in flight carries credit forward: then it waits for that one's
 *   commit, as it must see the credit;
 * - a tenant that already has credit is locked by the first batch that may spend it
 *   (issueInvoices takes those locks before computing), so a later one reads it after that
 *   commit; every batch waits only on earlier ones, so they cannot deadlock;
 * - a batch takes its invoice numbers only after the one before it committed (numbers follow
 *   contract id order).
 * (Waiting whenever two batches shared any tenant serialized nearly every pair of batches.)
 * Three: each batch holds the invoice number counter from its numbers to its commit (gapless
 * numbers, SPEC §9), so the batches' last writes take turns; since a batch writes its lines,
 * ledger and mails before taking its numbers (decision 0090), a third batch in flight keeps
 * both cores busier (two measured 4–5% slower at 50,000 contracts; docs/benchmarks.md,
 * "Billing run").
 */
const RUN_BATCHES_IN_FLIGHT = 3;
/** How far ahead a period may be billed: next month at most (SPEC §4 bills month M during M−1). */
const MAX_MONTHS_AHEAD = 1;

interface InFlight {
  /** What the batch told once computed (issueInvoices' onPlanned), or null: it ended before. */
  planned: Promise<ReadonlySet<string> | null>;
  done: Promise<number>;
}

type BillBatch = (facts: BillingFacts[], numbersAfter: Promise<unknown> | undefined, onPlanned: (carriedTo: ReadonlySet<string>) => void) => Promise<number>;

/**
 * Bills the batches in order, up to RUN_BATCHES_IN_FLIGHT at a time under the rules above;
 * answers the invoices issued. A failure waits for the batches in flight, then fails the page.
 */
async function pipeline(batches: readonly BillingFacts[][], bill: BillBatch): Promise<number> {
  const started: Promise<number>[] = [];
  let issued = 0;
  const inFlight: InFlight[] = [];
  const settleOldest = async () => {
    issued += await inFlight.shift()!.done;
  };
  try {
    for (const facts of batches) {
      while (inFlight.length >= RUN_BATCHES_IN_FLIGHT) await settleOldest();
      const previous = inFlight[inFlight.length - 1];
      if (previous) await previous.planned;
      // Credit carried by a batch in flight to a tenant of this one: wait for it (and those before it).
      for (let i = inFlight.length - 1; i >= 0; i--) {
        const carriedTo = await inFlight[i]!.planned;
        if (carriedTo === null || facts.some((f) => carriedTo.has(f.tenantId))) {
          for (let k = 0; k <= i; k++) await settleOldest();
          break;
        }
      }
      let told!: (carriedTo: ReadonlySet<string> | null) => void;
      const planned = new Promise<ReadonlySet<string> | null>((resolve) => (told = resolve));
      const done = bill(facts, inFlight[inFlight.length - 1]?.done, told);
      started.push(done);
      // A batch that ends without computing (nothing to bill, a failure) tells nothing: null.
      done.then(() => told(null), () => told(null));
      inFlight.push({ planned, done });
    }
    while (inFlight.length > 0) await settleOldest();
    return issued;
  } finally {
    // never leave a batch running behind a failure (the run's lock is released after this)
    await Promise.allSettled(started);
  }
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
  const run = await billingRuns.createOrGet(deps.knex, { period, issuedOn: today, trigger: args.trigger, startedAt: new Date(args.nowMs) });
  if (run.status === 'completed') return run;
  return withRunLock(deps.knex, period, async () => {
    let current = (await billingRuns.get(deps.knex, run.id))!;
    if (current.status === 'completed') return current;
    // Counted from the invoices themselves once, so a resumed run reports the truth; then
    // each batch adds what it issued (a contract issued before a crash is skipped, not counted).
    let issued = await invoices.countOfRun(deps.knex, current.id);
    const fetchPage = (after: string | null) => {
      const p = factsPage(deps.contracts, { mode: 'period', period }, after, RUN_PAGE_SIZE, args.nowMs);
      p.catch(() => {}); // awaited below; a page fetched ahead must not fail unobserved
      return p;
    };
    let next = fetchPage(current.cursor_contract_id);
    while (current.status !== 'completed') {
      const page = await next;
      const last = page.data[page.data.length - 1]?.contractId ?? current.cursor_contract_id;
      assert(page.nextAfter === null || page.nextAfter === last, 'pages follow contract id order');
      if (page.nextAfter !== null) next = fetchPage(page.nextAfter);
      const batches: BillingFacts[][] = [];
      // Contracts per transaction (issueInvoices): SEATLEASE_BILLING_RUN_BATCH, default 500. A
      // batch pays its statements and its commit (a WAL flush) once, not once per contract
      // (docs/benchmarks.md, "Billing run"). The price: a batch holds its contracts' locks, its
      // tenants' where they have credit, and the invoice number counter until it commits
      // (decision 0010).
      const size = deps.config.SEATLEASE_BILLING_RUN_BATCH;
      for (let i = 0; i < page.data.length; i += size) batches.push(page.data.slice(i, i + size));
      const { issued_on: issuedOn, id: runId } = current;
      issued += await pipeline(batches, (facts, numbersAfter, onPlanned) =>
        issueInvoices(deps, { facts, period, kind: 'monthly', issuedOn, nowMs: args.nowMs, runId, numbersAfter, onPlanned }).then((r) => r.issued),
      );
      await billingRuns.recordPage(deps.knex, current.id, {
        cursorContractId: last,
        invoicesIssued: issued,
        contractsInPage: page.data.length,
        completedAt: page.nextAfter === null ? new Date(args.nowMs) : null,
      });
      current = (await billingRuns.get(deps.knex, run.id))!;
    }
    return current;
  });
}
