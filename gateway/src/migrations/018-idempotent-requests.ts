/**
 * Issue 18: the table where this service records each Idempotency-Key in the same transaction as
 * the write it guards (shared/src/idempotency.ts), so a retry after a lost answer replays it.
 */
export { idempotentRequestsMigration } from '@seatlease/shared';
