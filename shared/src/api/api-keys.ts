/** API keys (gateway): create, list, revoke. */
import { z } from 'zod';
import { ROLES } from '../http';
import { queryBoolean, listQuery } from '../list-page';
import { text, uuid } from '../validation';
import { component, Instant, page, Role, Uuid } from './common';

export const ApiKeyCreate = component(
  'ApiKeyCreate',
  z
    .object({
      role: z.enum(ROLES, { message: `must be one of ${ROLES.join(', ')}` }),
      tenantId: uuid().nullish().meta({ description: 'required for tenant_finance, tenant_supervisor and agent, forbidden otherwise' }),
      agentId: uuid().nullish().meta({ description: 'required for agent, forbidden otherwise' }),
      name: text(200),
    })
    .strict(),
);

export const ApiKeyListQuery = listQuery({
  role: z.enum(['staff', 'tenant_finance', 'scheduler'], { message: 'must be staff, tenant_finance or scheduler' }).optional(),
  tenantId: z.string().uuid({ message: 'must be a tenant id (UUID)' }).optional(),
  revoked: queryBoolean().optional(),
});

export const ApiKey = component(
  'ApiKey',
  z.object({ id: Uuid, name: z.string(), role: Role, tenantId: Uuid.nullable(), agentId: Uuid.nullable().optional(), createdAt: Instant, revokedAt: Instant.nullable() }),
);
export const ApiKeyCreated = component(
  'ApiKeyCreated',
  ApiKey.and(z.object({ token: z.string().nullable().meta({ description: 'the bearer token, shown once (null when replayed for an Idempotency-Key)' }) })),
);
export const ApiKeyList = page('ApiKeyList', ApiKey);
