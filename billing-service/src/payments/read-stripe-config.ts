/**
 * GET /v1/payments/stripe-config — what the console needs to show Stripe's Payment Element: the
 * publishable key. 503 (not_configured) when Stripe is off here or the publishable key is not
 * set, so the console shows no pay button and says why.
 */
import { AppError, type Config } from '@seatlease/shared';
import type { StripePort } from './stripe.client';
import { stripeNotConfigured } from './stripe.client';

export function readStripeConfig(config: Config, stripe: StripePort | null): { publishableKey: string; methods: string[] } {
  if (!stripe) throw stripeNotConfigured();
  if (!config.STRIPE_PUBLISHABLE_KEY) {
    throw new AppError('not_configured', 'paying in the console needs the Stripe publishable key (STRIPE_PUBLISHABLE_KEY), which is not configured here; record bank transfers with POST /v1/payments');
  }
  return { publishableKey: config.STRIPE_PUBLISHABLE_KEY, methods: ['card', 'alipay', 'wechat_pay'] };
}
