/**
 * Per-run derived data shared by the rules: effective seat spans and memoized monthly fees.
 */
import type { BillingFacts } from '@seatlease/shared/src/billing-facts';
import type { Fen } from '@seatlease/shared/src/money';
import type { Month } from '@seatlease/shared/src/dates';
import { monthlyFeeFen } from './prices';
import { liveSpans, type LiveSpan } from './seats';
import type { EngineInput } from './types';

export interface EngineContext {
  input: EngineInput;
  facts: BillingFacts;
  spans: LiveSpan[];
  fee(month: Month): Fen;
}

export function buildContext(input: EngineInput): EngineContext {
  const fees = new Map<Month, Fen>();
  return {
    input,
    facts: input.facts,
    spans: liveSpans(input.facts),
    fee(month) {
      let f = fees.get(month);
      if (f === undefined) {
        f = monthlyFeeFen(input.facts, month);
        fees.set(month, f);
      }
      return f;
    },
  };
}
