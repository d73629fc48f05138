/**
 * /readyz: ready only when the gateway's database and every service's /readyz answers 200, each
 * checked in parallel with a short timeout, so that the probe itself answers in bounded time.
 */
import type { HealthRepository } from './health.repository';

const READINESS_CHECK_TIMEOUT_MS = 1_500;

export type PartState = 'up' | 'down';

export interface Readiness {
  status: 'ready' | 'not_ready';
  checks: { database: PartState; 'contract-service': PartState; 'billing-service': PartState; 'assessment-service': PartState };
}

async function serviceReady(baseUrl: string, timeoutMs: number): Promise<PartState> {
  try {
    const res = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(timeoutMs) });
    await res.arrayBuffer().catch(() => undefined);
    return res.status === 200 ? 'up' : 'down';
  } catch {
    return 'down';
  }
}

export async function checkReadiness(
  health: HealthRepository,
  services: { 'contract-service': string; 'billing-service': string; 'assessment-service': string },
  timeoutMs = READINESS_CHECK_TIMEOUT_MS,
): Promise<Readiness> {
  const [database, contract, billing, assessment] = await Promise.all([
    health.ping(timeoutMs).then((ok): PartState => (ok ? 'up' : 'down')),
    serviceReady(services['contract-service'], timeoutMs),
    serviceReady(services['billing-service'], timeoutMs),
    serviceReady(services['assessment-service'], timeoutMs),
  ]);
  const checks = { database, 'contract-service': contract, 'billing-service': billing, 'assessment-service': assessment };
  return { status: Object.values(checks).every((s) => s === 'up') ? 'ready' : 'not_ready', checks };
}
