/**
 * Ids of the rows billing writes by the hundred thousand (invoices, mails): UUIDv7 (RFC 9562),
 * time-ordered, so each new id lands at the right edge of its primary-key index instead of on a
 * random page of it — fewer pages touched and written to the WAL per insert as the tables grow
 * (docs/benchmarks.md). The creation time they reveal is already on the invoice.
 */
import { randomFillSync } from 'node:crypto';
import { v7 } from 'uuid';

/**
 * uuid asks Web Crypto for 16 random bytes per id, which showed in a billing run's profile
 * (docs/benchmarks.md, "Billing run"); we draw them from a pool filled 4 KiB at a time.
 */
const POOL_BYTES = 4096;
let pool = new Uint8Array(0);
let offset = POOL_BYTES;

function random16(): Uint8Array {
  if (offset + 16 > pool.length) {
    pool = randomFillSync(new Uint8Array(POOL_BYTES));
    offset = 0;
  }
  offset += 16;
  return pool.subarray(offset - 16, offset);
}

export function newRowId(): string {
  return v7({ random: random16() });
}
