/**
 * Revoke an API key (staff). Revoking twice is harmless. The last active staff key cannot be
 * revoked: nobody could create keys any more.
 */
import { conflict, notFound } from '@seatlease/shared';
import { isUuid } from '../http/ids';
import type { ApiKeyRepository } from './api-key.repository';
import { apiKeyView, type ApiKeyView } from './api-key.view';

export async function revokeApiKey(keys: ApiKeyRepository, id: string, nowMs: number): Promise<ApiKeyView> {
  if (!isUuid(id)) throw notFound(`API key ${id}`);
  return keys.withStaffKeysLock(async (repo) => {
    const key = await repo.findById(id);
    if (!key) throw notFound(`API key ${id}`);
    if (key.revokedAt) return apiKeyView(key);
    if (key.role === 'staff' && (await repo.countActive('staff', id)) === 0) {
      throw conflict('this is the last active staff key; create another staff key before revoking it');
    }
    const revoked = await repo.revoke(id, new Date(nowMs));
    if (!revoked) throw notFound(`API key ${id}`);
    return apiKeyView(revoked);
  });
}
