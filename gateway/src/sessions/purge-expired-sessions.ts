/**
 * Console sessions are kept for a while after they expire (who was signed in, as what key, until
 * when), then removed: the table must not grow with every sign-in forever. Every gateway replica
 * runs this on its purge timer; the repository's advisory lock makes one replica do the work at
 * a time, the others skip. (docs/decisions/0068-console-session-retention.md)
 */
import type { SessionRepository } from './session.repository';

/** How long a session's row stays after its expiry (ended sessions expire too: expiry is absolute). */
export const SESSION_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;
const BATCH_SIZE = 5_000;
const MAX_BATCHES_PER_RUN = 20;

export interface SessionPurge {
  /** False when another replica was purging at that moment (nothing done here). */
  ran: boolean;
  removed: number;
}

export async function purgeExpiredSessions(repo: SessionRepository, nowMs: number): Promise<SessionPurge> {
  const before = new Date(nowMs - SESSION_RETENTION_MS);
  let removed = 0;
  for (let i = 0; i < MAX_BATCHES_PER_RUN; i++) {
    const n = await repo.purgeExpiredBefore(before, BATCH_SIZE);
    if (n === null) return { ran: i > 0, removed };
    removed += n;
    if (n < BATCH_SIZE) break;
  }
  return { ran: true, removed };
}
