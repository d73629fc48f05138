/** /healthz, /readyz and /metrics: no token, never rate limited. */
import type { Request, RequestHandler, Response } from 'express';
import { instanceId, type Metrics } from '@seatlease/shared';
import { checkReadiness } from './check-readiness';
import type { HealthRepository } from './health.repository';

export interface OpsControllerDeps {
  health: HealthRepository;
  metrics: Metrics;
  services: { 'contract-service': string; 'billing-service': string; 'assessment-service': string };
}

export function opsController(deps: OpsControllerDeps): Record<'healthz' | 'readyz' | 'metrics', RequestHandler> {
  return {
    healthz(_req: Request, res: Response) {
      res.json({ status: 'ok', service: 'gateway', instance: instanceId() });
    },
    async readyz(_req: Request, res: Response) {
      const readiness = await checkReadiness(deps.health, deps.services);
      res.status(readiness.status === 'ready' ? 200 : 503).json(readiness);
    },
    async metrics(_req: Request, res: Response) {
      res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
    },
  };
}
