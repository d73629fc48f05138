import type { Knex } from 'knex';
import {
  AppError,
  createKnex,
  createServiceApp,
  finishServiceApp,
  isDatabaseReady,
  listen,
  migrate,
  ServiceClient,
  type ServiceStartOptions,
} from '@seatlease/shared';
import { migrations } from './migrations/001-initial';
import { assessmentRoutes } from './routes';
import type { TenantDirectory } from './deps';

export const SCHEMA = 'assessment';

export interface AssessmentServiceOptions extends ServiceStartOptions {
  /** contract-service, asked whether a tenant exists; null = run alone (service tests). */
  contractServiceUrl: string | null;
}

export interface RunningAssessment {
  url: string;
  port: number;
  knex: Knex;
  close(): Promise<void>;
}

/** contract-service over HTTP: does this tenant exist? */
function httpTenantDirectory(client: ServiceClient): TenantDirectory {
  return {
    async tenantExists(tenantId, requestId) {
      const res = await client.call('GET', `/v1/tenants/${encodeURIComponent(tenantId)}`, undefined, {
        requestId,
        actor: { keyId: 'assessment-service', role: 'staff', tenantId: null, name: 'assessment-service' },
      });
      if (res.status === 200) return true;
      if (res.status === 404) return false;
      throw new AppError('upstream', `contract-service answered ${res.status} when asked for tenant ${tenantId}`);
    },
  };
}

export async function startAssessmentService(opts: AssessmentServiceOptions): Promise<RunningAssessment> {
  const knex = createKnex(opts.databaseUrl, SCHEMA);
  await migrate(knex, SCHEMA, migrations);
  const tenants = opts.contractServiceUrl
    ? httpTenantDirectory(new ServiceClient(opts.contractServiceUrl, opts.internalToken, opts.config.SEATLEASE_UPSTREAM_TIMEOUT_MS, 'contract-service'))
    : null;
  const app = createServiceApp({
    name: 'assessment-service',
    log: opts.log,
    metrics: opts.metrics,
    internalToken: opts.internalToken,
    testClock: opts.config.SEATLEASE_TEST_CLOCK,
    ready: () => isDatabaseReady(knex),
  });
  app.use(assessmentRoutes({ knex, log: opts.log, tenants }));
  finishServiceApp(app, opts.log);
  const http = await listen(app, opts.port, opts.config.SEATLEASE_LISTEN_HOST);
  return {
    url: http.url,
    port: http.port,
    knex,
    close: async () => {
      await http.close();
      await knex.destroy();
    },
  };
}
