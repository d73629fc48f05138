import { today as todayOf, type Month } from '@seatlease/shared';
import type { Caller, Deps } from '../deps';
import { billingRuns } from './billing-run.repository';
import { runBilling } from './billing-run';
import { runView } from './run-view';

/** How long POST /v1/billing-runs waits for its run before answering 202 (poll GET then). */
const RUN_WAIT_MS = 5_000;

/**
 * POST /v1/billing-runs: starts (or resumes, or joins) the period's run and waits a while for
 * it: 200 with the run when it completed in time, else 202 with the run as it stands.
 */
export async function startBillingRun(deps: Deps, caller: Caller, period: Month): Promise<{ status: 200 | 202; run: ReturnType<typeof runView> }> {
  const work = runBilling(deps, { period, today: todayOf(caller.clock), nowMs: caller.clock.nowMs(), trigger: 'api' });
  // A failure after we answered leaves the run resumable: the next call continues it.
  work.catch((err) => deps.log.error({ err, period }, 'billing run failed; call again to resume'));
  const done = await Promise.race([work.then((run) => run), new Promise<null>((resolve) => setTimeout(() => resolve(null), RUN_WAIT_MS).unref())]);
  if (done) return { status: 200, run: runView(done) };
  return { status: 202, run: runView((await billingRuns.byPeriod(deps.knex, period))!) };
}
