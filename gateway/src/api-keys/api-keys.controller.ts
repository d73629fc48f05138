/** HTTP handlers of /v1/api-keys. */
import type { Request, RequestHandler, Response } from 'express';
import { REPLAYED_RESPONSE_HEADER, type IdempotencyContext } from '@seatlease/shared';
import type { ApiKeyRepository } from './api-key.repository';
import type { ApiKeyAuthenticator } from './authenticate-api-key';
import { createApiKey } from './create-api-key';
import { listApiKeys } from './list-api-keys';
import { revokeApiKey } from './revoke-api-key';
import type { AgentDirectory, TenantDirectory } from '../upstream/service.ports';
import { STORED_BODY_LOCAL } from '../idempotency/idempotency.middleware';

export interface ApiKeysControllerDeps {
  keys: ApiKeyRepository;
  authenticator: ApiKeyAuthenticator;
  tenants: TenantDirectory;
  agents: AgentDirectory;
  /** The test clock (test mode only): stamps revocations and is passed on to contract-service. */
  testNowMs: () => Promise<number | undefined>;
}

export function apiKeysController(deps: ApiKeysControllerDeps): Record<'create' | 'list' | 'revoke', RequestHandler> {
  return {
    async create(req: Request, res: Response) {
      const once: IdempotencyContext | null =
        req.idempotency && req.idempotency.requestHash !== null
          ? { ...req.idempotency, requestHash: req.idempotency.requestHash, method: req.method, path: req.originalUrl, status: 201 }
          : null;
      const created = await createApiKey(deps, req.jsonBody, { requestId: req.requestId, nowMs: await deps.testNowMs() }, once);
      if (once?.replayedStatus !== undefined) {
        res.setHeader(REPLAYED_RESPONSE_HEADER, 'true');
        return void res.status(once.replayedStatus).location(`/v1/api-keys/${created.id}`).json(created);
      }
      // A replay under the same Idempotency-Key must not show the token again: it is stored
      // only as a hash (API.md), so the stored answer carries `token: null`.
      res.locals[STORED_BODY_LOCAL] = Buffer.from(JSON.stringify({ ...created, token: null }));
      res.status(201).location(`/v1/api-keys/${created.id}`).json(created);
    },
    async list(req: Request, res: Response) {
      res.json(await listApiKeys(deps.keys, req.query));
    },
    async revoke(req: Request, res: Response) {
      const id = String(req.params.id);
      // The system's clock, as every other timestamp: the test clock in test mode.
      const revoked = await revokeApiKey(deps.keys, id, (await deps.testNowMs()) ?? Date.now());
      deps.authenticator.forget(revoked.id);
      res.json(revoked);
    },
  };
}
