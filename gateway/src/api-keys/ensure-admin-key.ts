/**
 * The bootstrap staff key. With SEATLEASE_ADMIN_TOKEN, a staff key with that token's hash is
 * ensured; without it, a staff key is generated when no active one exists, and its token is
 * answered so that main can print it once. Replicas starting together agree (advisory lock).
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '@seatlease/shared';
import type { ApiKeyRepository } from './api-key.repository';
import { generateToken, hashToken } from './api-key.tokens';

const BOOTSTRAP_KEY_NAME = 'bootstrap admin';

/** Answers the generated token, or null when none was generated. */
export async function ensureAdminKey(keys: ApiKeyRepository, adminToken: string | undefined, log: Logger): Promise<string | null> {
  return keys.withStaffKeysLock(async (repo) => {
    if (adminToken) {
      const tokenHash = hashToken(adminToken);
      const existing = await repo.findByTokenHash(tokenHash);
      if (!existing) {
        await repo.insert({ id: randomUUID(), name: BOOTSTRAP_KEY_NAME, role: 'staff', tenantId: null, agentId: null, tokenHash });
        log.info('created the staff key for SEATLEASE_ADMIN_TOKEN');
      } else if (existing.role !== 'staff') {
        log.warn({ keyId: existing.id, role: existing.role }, 'SEATLEASE_ADMIN_TOKEN belongs to a non-staff key; it stays as it is');
      } else if (existing.revokedAt) {
        // A revocation is a decision someone made through the API; a restart must not undo it.
        log.warn({ keyId: existing.id }, 'the key of SEATLEASE_ADMIN_TOKEN was revoked; it stays revoked (set a new token)');
      }
      return null;
    }
    if ((await repo.countActive('staff')) > 0) return null;
    const token = generateToken();
    await repo.insert({ id: randomUUID(), name: BOOTSTRAP_KEY_NAME, role: 'staff', tenantId: null, agentId: null, tokenHash: hashToken(token) });
    log.info('generated a bootstrap staff key (its token is printed once)');
    return token;
  });
}
