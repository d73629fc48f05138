/**
 * Every router of the service, by area, and where each is mounted: `beforeJson` routers see the
 * raw body (Stripe signatures, CSV streams); the others come after the JSON parser.
 */
import type { Router } from 'express';
import type { Deps } from './deps';
import type { Scheduler } from './scheduler/scheduler';
import { billingRoutes } from './routes';
import { paymentRoutes, stripeWebhookRoutes } from './payments/payments.routes';
import { stripePortFor } from './payments/stripe.client';
import { creditNoteRoutes } from './credit-notes/credit-notes.routes';
import { reportRoutes } from './reports/reports.routes';
import { callRoutes } from './usage/calls.routes';
import { noticeRoutes } from './notices/notices.routes';
import { trafficRoutes } from './traffic/traffic.routes';
import { fapiaoRoutes } from './fapiao/fapiao.routes';
import { seatCallCountRoutes } from './usage/seat-call-counts';

export function serviceRouters(deps: Deps, scheduler: Scheduler): { beforeJson: Router[]; routes: Router[] } {
  // Stripe only when STRIPE_SECRET_KEY is set; otherwise its routes answer 503 not_configured.
  const stripe = stripePortFor(deps.config);
  return {
    beforeJson: [stripeWebhookRoutes(deps, stripe), callRoutes(deps)],
    routes: [
      billingRoutes(deps, scheduler),
      paymentRoutes(deps, stripe),
      creditNoteRoutes(deps),
      reportRoutes(deps),
      noticeRoutes(deps),
      trafficRoutes(deps),
      fapiaoRoutes(deps),
      seatCallCountRoutes(deps),
    ],
  };
}
