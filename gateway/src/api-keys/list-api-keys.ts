/** List API keys (staff), newest first, without tokens: one page at a time. */
import { listQuery, pageOf, parseListQuery, queryBoolean, z, type ListAnswer } from '@seatlease/shared';
import type { ApiKeyRepository } from './api-key.repository';
import { apiKeyView, type ApiKeyView } from './api-key.view';

export const apiKeyListQuery = listQuery({
  role: z.enum(['staff', 'tenant_finance', 'scheduler'], { message: 'must be staff, tenant_finance or scheduler' }).optional(),
  tenantId: z.string().uuid({ message: 'must be a tenant id (UUID)' }).optional(),
  revoked: queryBoolean().optional(),
});

export async function listApiKeys(keys: ApiKeyRepository, query: unknown): Promise<ListAnswer<ApiKeyView>> {
  const q = parseListQuery(apiKeyListQuery, query);
  return pageOf(await keys.page({ role: q.role, tenantId: q.tenantId, revoked: q.revoked }, q), (rows) => rows.map(apiKeyView));
}
