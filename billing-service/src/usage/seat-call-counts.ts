/**
 * Internal, for assessment-service's workload benchmark (二(三)12–13, docs/decisions/0075):
 * `POST /internal/seat-call-counts {intervals: [{contractId, seat, from, to}]}` → `{counts}`,
 * the calls each seat took while an agent staffed it (one count per interval, in order). A read
 * sent as POST only because a month of shifts does not fit in a query string.
 */
import { Router } from 'express';
import { instant, instantMs, parseWith, ruleBroken, text, uuid, z } from '@seatlease/shared';
import type { Deps } from '../deps';
import { callsPerSeatInterval } from './seat-call-counts.repository';

/** Within the 1 MB body limit; a larger month is asked in batches (assessment-service does). */
const MAX_INTERVALS = 5_000;

const body = z
  .object({
    intervals: z.array(z.object({ contractId: uuid(), seat: text(50), from: instant(), to: instant() }).strict()).max(MAX_INTERVALS, { message: `at most ${MAX_INTERVALS} intervals` }),
  })
  .strict();

export async function seatCallCounts(deps: Deps, input: unknown): Promise<{ counts: number[] }> {
  const b = parseWith(body, input);
  const intervals = b.intervals.map((i, n) => {
    const fromMs = instantMs(i.from);
    const toMs = instantMs(i.to);
    if (toMs < fromMs) throw ruleBroken(`intervals[${n}].to`, 'is before from');
    return { contractId: i.contractId, seat: i.seat, fromMs, toMs };
  });
  return { counts: await callsPerSeatInterval(deps.knex, intervals) };
}

export function seatCallCountRoutes(deps: Deps): Router {
  const r = Router();
  r.post('/internal/seat-call-counts', async (req, res) => void res.json(await seatCallCounts(deps, req.body)));
  return r;
}
