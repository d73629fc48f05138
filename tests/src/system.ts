/**
 * The whole system in one test process: contract-service, billing-service, assessment-service
 * and the gateway,
 * each its own Express server talking real HTTP on loopback, on a fresh database of the run's
 * one embedded PostgreSQL.
 */
import { createLogger, createMetrics, freePort, loadConfig } from '@seatlease/shared';
import { freshDatabase, httpClient, testEnv, type TestDatabase } from '@seatlease/shared/test/support/testing';
import { startContractService, type RunningService } from '@seatlease/contract-service/src/bootstrap';
import { startBillingService, type RunningBilling } from '@seatlease/billing-service/src/bootstrap';
import { startAssessmentService, type RunningAssessment } from '@seatlease/assessment-service/src/bootstrap';
import { startGateway } from '@seatlease/gateway/src/bootstrap';
import { answerDrift } from './documented-answers';

export const ADMIN_TOKEN = 'sl_test_admin_token_0123456789abcdef';

export interface System {
  db: TestDatabase;
  contract: RunningService;
  billing: RunningBilling;
  assessment: RunningAssessment;
  gatewayUrl: string;
  /** Calls the gateway as staff (the bootstrap admin token). */
  api: ReturnType<typeof httpClient>;
  /** Calls the gateway with another token. */
  as(token: string): ReturnType<typeof httpClient>;
  /** Moves the test clock forward through the public API, running every job due. */
  advanceTo(iso: string): Promise<{ now: string; jobsRun: Array<{ job: string; at: string; result: unknown }> }>;
  close(): Promise<void>;
}

/**
 * `options.database`: run on this database instead of a fresh one on the run's server (a
 * suite's own server, e.g. the backup/restore suite's archiving one); it is not dropped.
 */
export async function startSystem(label: string, env: Record<string, string> = {}, options: { database?: TestDatabase } = {}): Promise<System> {
  const db = options.database ?? (await freshDatabase(label));
  const config = loadConfig(testEnv({ SEATLEASE_ADMIN_TOKEN: ADMIN_TOKEN, ...env }));
  const common = { config, internalToken: config.SEATLEASE_INTERNAL_TOKEN!, databaseUrl: db.url };
  const billingPort = await freePort();
  const contract = await startContractService({
    ...common,
    log: createLogger('contract-service', config.LOG_LEVEL),
    metrics: createMetrics('contract-service'),
    port: 0,
    billingServiceUrl: `http://127.0.0.1:${billingPort}`,
  });
  const billing = await startBillingService({
    ...common,
    log: createLogger('billing-service', config.LOG_LEVEL),
    metrics: createMetrics('billing-service'),
    port: billingPort,
    contractServiceUrl: contract.url,
  });
  const assessment = await startAssessmentService({
    ...common,
    log: createLogger('assessment-service', config.LOG_LEVEL),
    metrics: createMetrics('assessment-service'),
    port: 0,
    contractServiceUrl: contract.url,
    billingServiceUrl: billing.url,
  });
  const gateway = await startGateway({
    ...common,
    log: createLogger('gateway', config.LOG_LEVEL),
    metrics: createMetrics('gateway'),
    port: 0,
    contractServiceUrl: contract.url,
    billingServiceUrl: billing.url,
    assessmentServiceUrl: assessment.url,
  });
  const api = asDocumented(httpClient(gateway.url, () => ({ authorization: `Bearer ${ADMIN_TOKEN}` })));
  return {
    db,
    contract,
    billing,
    assessment,
    gatewayUrl: gateway.url,
    api,
    as: (token) => asDocumented(httpClient(gateway.url, () => ({ authorization: `Bearer ${token}` }))),
    advanceTo: async (iso) => {
      const res = await api('PUT', '/v1/clock', { now: iso });
      if (res.status !== 200) throw new Error(`PUT /v1/clock ${iso} answered ${res.status}: ${res.text}`);
      return res.body;
    },
    close: async () => {
      await gateway.close();
      await assessment.close();
      await billing.close();
      await contract.close();
      await db.drop();
    },
  };
}

/**
 * Every answer a scenario receives is checked against the API reference (decision 0056): a
 * successful JSON answer that breaks its documented shape, or carries a field the reference does
 * not name, fails the call that received it, naming the route and the field. The reference is
 * generated from shared/src/api, so the fix is the answer's schema there.
 */
function asDocumented(call: ReturnType<typeof httpClient>): ReturnType<typeof httpClient> {
  return async (method, path, body, headers) => {
    const res = await call(method, path, body, headers);
    if (res.status >= 200 && res.status < 300 && res.body !== null && typeof res.body === 'object') {
      const drift = answerDrift(method, path, res.body);
      if (drift.length > 0) throw new Error(`the answer to ${method} ${path} is not as the API reference says (shared/src/api):\n  ${drift.slice(0, 20).join('\n  ')}`);
    }
    return res;
  };
}
