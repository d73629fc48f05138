import { toShanghaiInstant, type Role } from '@seatlease/shared';
import type { ApiKeyRecord } from './api-key.repository';

/** An API key as the API shows it: never its token or hash. */
export interface ApiKeyView {
  id: string;
  name: string;
  role: Role;
  tenantId: string | null;
  agentId: string | null;
  createdAt: string;
  revokedAt: string | null;
}

export function apiKeyView(key: ApiKeyRecord): ApiKeyView {
  return {
    id: key.id,
    name: key.name,
    role: key.role,
    tenantId: key.tenantId,
    agentId: key.agentId,
    createdAt: toShanghaiInstant(key.createdAt),
    revokedAt: key.revokedAt ? toShanghaiInstant(key.revokedAt) : null,
  };
}
