import { createLogger, createMetrics, loadConfig, INTERNAL_HEADER, TEST_NOW_HEADER, ACTOR_HEADER, type Actor } from '@seatlease/shared';
import { freshDatabase, httpClient, testEnv, type TestDatabase } from '@seatlease/shared/test/support/testing';
import { startAssessmentService, type RunningAssessment } from '../src/bootstrap';

export const STAFF: Actor = { keyId: 'test-staff', role: 'staff', tenantId: null, name: 'test staff' };

export interface Harness {
  svc: RunningAssessment;
  db: TestDatabase;
  call: ReturnType<typeof httpClient>;
  setNow(iso: string): void;
  close(): Promise<void>;
}

/** assessment-service alone on a fresh database (no contract-service: tenant ids are taken as given). */
export async function startAssessmentHarness(label: string, now: string): Promise<Harness> {
  const db = await freshDatabase(label);
  const config = loadConfig(testEnv());
  const svc = await startAssessmentService({
    config,
    log: createLogger('assessment-service', config.LOG_LEVEL),
    metrics: createMetrics('assessment-service'),
    internalToken: config.SEATLEASE_INTERNAL_TOKEN!,
    databaseUrl: db.url,
    port: 0,
    contractServiceUrl: null,
  });
  let nowIso = now;
  return {
    svc,
    db,
    call: httpClient(svc.url, () => ({ [INTERNAL_HEADER]: config.SEATLEASE_INTERNAL_TOKEN!, [TEST_NOW_HEADER]: nowIso, [ACTOR_HEADER]: JSON.stringify(STAFF) })),
    setNow: (iso) => {
      nowIso = iso;
    },
    close: async () => {
      await svc.close();
      await db.drop();
    },
  };
}
