/** List API keys (staff), newest first, without tokens: one page at a time. */
import { pageOf, parseListQuery, type ListAnswer } from '@seatlease/shared';
import type { ApiKeyRepository } from './api-key.repository';
import { apiKeyView, type ApiKeyView } from './api-key.view';
import { ApiKeyListQuery as apiKeyListQuery } from '@seatlease/shared/src/api';

export async function listApiKeys(keys: ApiKeyRepository, query: unknown): Promise<ListAnswer<ApiKeyView>> {
  const q = parseListQuery(apiKeyListQuery, query);
  return pageOf(await keys.page({ role: q.role, tenantId: q.tenantId, revoked: q.revoked }, q), (rows) => rows.map(apiKeyView));
}
