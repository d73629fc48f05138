/**
 * Exactly once for the POST routes (shared/src/idempotency.ts): the Idempotency-Key is recorded
 * in the write's own transaction, with its answer. The same table as the other services', named
 * after this issue so that it sorts after this service's first migration.
 */
import type { Migration } from '@seatlease/shared';
import { idempotentRequestsMigration } from '@seatlease/shared';

export const idempotentRequests: Migration = { ...idempotentRequestsMigration, name: '017b-idempotent-requests' };
