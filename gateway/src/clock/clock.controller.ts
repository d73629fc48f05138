/** HTTP handlers of /v1/clock (mounted only with SEATLEASE_TEST_CLOCK). */
import type { Request, RequestHandler, Response } from 'express';
import { advanceTestClock, type AdvanceTestClockDeps } from './advance-test-clock';
import { readTestClock } from './read-test-clock';

export function clockController(deps: AdvanceTestClockDeps): Record<'read' | 'advance', RequestHandler> {
  return {
    async read(_req: Request, res: Response) {
      res.json(await readTestClock(deps.clock, Date.now()));
    },
    async advance(req: Request, res: Response) {
      res.json(await advanceTestClock(deps, req.jsonBody, { requestId: req.requestId, realNowMs: Date.now() }));
    },
  };
}
