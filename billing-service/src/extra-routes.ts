/**
 * Routes of billing areas built beside the core (payments, Stripe, credit notes, reports, call
 * import). `beforeJson` routers see the raw body (Stripe signatures, CSV streams).
 */
import type { Router } from 'express';
import type { Deps } from './deps';

export function extraRoutes(_deps: Deps): { beforeJson: Router[]; routes: Router[] } {
  return { beforeJson: [], routes: [] };
}
