import { createLogger, createMetrics, loadConfig, INTERNAL_HEADER, TEST_NOW_HEADER, ACTOR_HEADER, type Actor } from '@seatlease/shared';
import { freshDatabase, httpClient, testEnv, type TestDatabase } from '@seatlease/shared/test/support/testing';
import { startContractService, type RunningService } from '../src/bootstrap';

export const STAFF: Actor = { keyId: 'test-staff', role: 'staff', tenantId: null, name: 'test staff' };

export interface Harness {
  svc: RunningService;
  db: TestDatabase;
  call: ReturnType<typeof httpClient>;
  /** Calls as a given actor. */
  as(actor: Actor): ReturnType<typeof httpClient>;
  setNow(iso: string): void;
  close(): Promise<void>;
}

export async function startContractHarness(label: string, now = '2027-03-01T09:00:00+08:00'): Promise<Harness> {
  const db = await freshDatabase(label);
  const config = loadConfig(testEnv());
  const svc = await startContractService({
    config,
    log: createLogger('contract-service', config.LOG_LEVEL),
    metrics: createMetrics('contract-service'),
    internalToken: config.SEATLEASE_INTERNAL_TOKEN!,
    databaseUrl: db.url,
    port: 0,
    billingServiceUrl: null,
  });
  let nowIso = now;
  const headersFor = (actor: Actor) => () => ({
    [INTERNAL_HEADER]: config.SEATLEASE_INTERNAL_TOKEN!,
    [TEST_NOW_HEADER]: nowIso,
    [ACTOR_HEADER]: JSON.stringify(actor),
  });
  return {
    svc,
    db,
    call: httpClient(svc.url, headersFor(STAFF)),
    as: (actor) => httpClient(svc.url, headersFor(actor)),
    setNow: (iso) => {
      nowIso = iso;
    },
    close: async () => {
      await svc.close();
      await db.drop();
    },
  };
}
