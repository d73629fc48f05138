/** The facts port of a call import: a contract's BillingFacts over HTTP, or null when it does not exist. */
import { AppError, type BillingFacts, type ServiceClient } from '@seatlease/shared';
import { factsFor } from '../facts/facts.client';

/** Unknown contracts become row rejections (not a 500); an unreachable contract-service fails the import. */
export function contractFactsOrNull(
  contracts: ServiceClient,
  nowMs: number,
  requestId?: string,
): (contractId: string) => Promise<BillingFacts | null> {
  return async (contractId) => {
    try {
      return await factsFor(contracts, contractId, nowMs, requestId);
    } catch (err) {
      if (err instanceof AppError && err.kind === 'not_found') return null;
      throw err;
    }
  };
}
