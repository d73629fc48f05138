import express, { Router } from 'express';
import { onceRoute } from '@seatlease/shared';
import { callerOf } from '../routes';
import type { Deps } from '../deps';
import { recordBankTransfer } from './record-bank-transfer';
import { listPayments } from './list-payments';
import { reversePayment } from './reverse-payment';
import { exportPayments } from '../exports/finance-export';
import { createStripeIntent } from './create-stripe-intent';
import { handleStripeWebhook } from './stripe-webhook';
import { readStripeConfig } from './read-stripe-config';
import type { StripePort } from './stripe.client';

/** Largest webhook body we read (Stripe events are a few KB). */
const WEBHOOK_BODY_LIMIT = '1mb';

export function paymentRoutes(deps: Deps, stripe: StripePort | null): Router {
  const r = Router();
  r.post('/v1/payments', onceRoute(201, (req, once) => recordBankTransfer(deps, callerOf(req, once), req.body)));
  r.post('/v1/payments/:id/reverse', async (req, res) => void res.json(await reversePayment(deps, callerOf(req), String(req.params.id), req.body)));
  r.get('/v1/payments/export', async (req, res) => exportPayments(deps, callerOf(req), req.query, res));
  r.get('/v1/payments', async (req, res) => void res.json(await listPayments(deps, callerOf(req), req.query)));
  r.get('/v1/payments/stripe-config', (_req, res) => void res.json(readStripeConfig(deps.config, stripe)));
  r.post('/v1/payments/stripe-intents', async (req, res) => void res.status(201).json(await createStripeIntent(deps, stripe, callerOf(req), req.body)));
  return r;
}

/**
 * Mounted before the JSON parser: the signature covers the exact bytes Stripe sent. The path is
 * public in the service (no internal credential: bootstrap lists it); the signature is the check.
 */
export function stripeWebhookRoutes(deps: Deps, stripe: StripePort | null): Router {
  const r = Router();
  r.post('/v1/webhooks/stripe', express.raw({ type: '*/*', limit: WEBHOOK_BODY_LIMIT }), async (req, res) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    res.json(await handleStripeWebhook(deps, stripe, callerOf(req), raw, req.header('stripe-signature')));
  });
  return r;
}
