/**
 * Create an API key (staff). A key of a tenant role (tenant_finance, tenant_supervisor, agent)
 * is confined to one existing tenant; an agent key also names an existing agent of that tenant; staff and scheduler
 * keys belong to no tenant. The token is answered once and stored only as a hash.
 */
import { randomUUID } from 'node:crypto';
import { isTenantRole, parseWith, referenceNotFound, ruleBroken, type IdempotencyContext, type Role } from '@seatlease/shared';
import type { ApiKeyRepository } from './api-key.repository';
import { generateToken, hashToken } from './api-key.tokens';
import { apiKeyView, type ApiKeyView } from './api-key.view';
import type { AgentDirectory, CallContext, TenantDirectory } from '../upstream/service.ports';
import { ApiKeyCreate as createApiKeySchema } from '@seatlease/shared/src/api';

/** `token: null` on a replay: the token is shown once (API.md) and kept only as a hash. */
export type CreatedApiKey = ApiKeyView & { token: string | null };

export interface CreateApiKeyDeps {
  keys: ApiKeyRepository;
  tenants: TenantDirectory;
  agents: AgentDirectory;
}

export async function createApiKey(deps: CreateApiKeyDeps, input: unknown, ctx: CallContext, once: IdempotencyContext | null = null): Promise<CreatedApiKey> {
  const body = parseWith(createApiKeySchema, input);
  const role: Role = body.role;
  const tenantId = body.tenantId ?? null;
  const agentId = body.agentId ?? null;
  if (isTenantRole(role)) {
    if (tenantId === null) throw ruleBroken('tenantId', `a ${role} key must name the tenant it may read (tenantId)`);
    if (!(await deps.tenants.tenantExists(tenantId, ctx))) throw referenceNotFound('tenantId', `no tenant ${tenantId}`);
  } else if (tenantId !== null) {
    throw ruleBroken('tenantId', `a ${role} key belongs to no tenant: omit tenantId`);
  }
  if (role === 'agent') {
    if (agentId === null) throw ruleBroken('agentId', 'an agent key must name the agent it belongs to (agentId)');
    // The agent must exist, and in the key's tenant: else the key would read nobody's records or, worse, name another tenant's agent.
    const agentTenant = await deps.agents.agentTenant(agentId, ctx);
    if (agentTenant === null) throw ruleBroken('agentId', `agent ${agentId} does not exist`);
    if (agentTenant !== tenantId) throw ruleBroken('agentId', `agent ${agentId} does not work for tenant ${tenantId}`);
  } else if (agentId !== null) {
    throw ruleBroken('agentId', `a ${role} key belongs to no agent: omit agentId`);
  }
  const token = generateToken();
  return deps.keys.exactlyOnce(
    once,
    async (keys) => {
      const record = await keys.insert({ id: randomUUID(), name: body.name, role, tenantId, agentId, tokenHash: hashToken(token), ...(ctx.nowMs !== undefined ? { createdAt: new Date(ctx.nowMs) } : {}) });
      return { ...apiKeyView(record), token } as CreatedApiKey;
    },
    (created) => ({ ...created, token: null }),
  );
}
