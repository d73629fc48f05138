/** Deletes idempotency records older than 24 hours, in bounded batches (a limit on everything). */
import type { IdempotencyRepository } from './idempotency.repository';
import { IDEMPOTENCY_EXPIRY_MS } from './idempotency.middleware';

const BATCH_SIZE = 5_000;
const MAX_BATCHES_PER_RUN = 20;

export async function purgeExpiredIdempotencyKeys(repo: IdempotencyRepository, nowMs: number): Promise<number> {
  const before = new Date(nowMs - IDEMPOTENCY_EXPIRY_MS);
  let total = 0;
  for (let i = 0; i < MAX_BATCHES_PER_RUN; i++) {
    const n = await repo.purgeCreatedBefore(before, BATCH_SIZE);
    total += n;
    if (n < BATCH_SIZE) break;
  }
  return total;
}
