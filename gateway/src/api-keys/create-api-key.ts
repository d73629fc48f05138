/**
 * Create an API key (staff). A tenant_finance key is confined to one existing tenant; staff and
 * scheduler keys belong to no tenant. The token is answered once and stored only as a hash.
 */
import { randomUUID } from 'node:crypto';
import { parseWith, ruleBroken, text, uuid, z, type Role } from '@seatlease/shared';
import type { ApiKeyRepository } from './api-key.repository';
import { generateToken, hashToken } from './api-key.tokens';
import { apiKeyView, type ApiKeyView } from './api-key.view';
import type { CallContext, TenantDirectory } from '../upstream/service.ports';

export const createApiKeySchema = z
  .object({
    role: z.enum(['staff', 'tenant_finance', 'scheduler'], { message: 'must be one of staff, tenant_finance, scheduler' }),
    tenantId: uuid().nullish(),
    name: text(200),
  })
  .strict();

export type CreatedApiKey = ApiKeyView & { token: string };

export interface CreateApiKeyDeps {
  keys: ApiKeyRepository;
  tenants: TenantDirectory;
}

export async function createApiKey(deps: CreateApiKeyDeps, input: unknown, ctx: CallContext): Promise<CreatedApiKey> {
  const body = parseWith(createApiKeySchema, input);
  const role: Role = body.role;
  const tenantId = body.tenantId ?? null;
  if (role === 'tenant_finance') {
    if (tenantId === null) throw ruleBroken('tenantId', 'a tenant_finance key must name the tenant it may read (tenantId)');
    if (!(await deps.tenants.tenantExists(tenantId, ctx))) throw ruleBroken('tenantId', `tenant ${tenantId} does not exist`);
  } else if (tenantId !== null) {
    throw ruleBroken('tenantId', `a ${role} key belongs to no tenant: omit tenantId`);
  }
  const token = generateToken();
  const record = await deps.keys.insert({ id: randomUUID(), name: body.name, role, tenantId, tokenHash: hashToken(token) });
  return { ...apiKeyView(record), token };
}
