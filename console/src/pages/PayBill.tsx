/**
 * Tenant finance pays an open bill by card, Alipay or WeChat Pay in Stripe's own Payment Element
 * (Stripe.js from Stripe's origin, the fields in Stripe's frames: we never see card data). The
 * API makes the PaymentIntent for the amount due (POST /v1/payments/stripe-intents); the money
 * is booked by Stripe's webhook, so after Stripe sends the person back the page waits for the
 * bill to turn paid. Without Stripe configured there is no button, and the API's reason is shown.
 * (docs/decisions/0069-console-stripe-payment-element.md)
 */
import { useEffect, useRef, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { loadStripe } from '@stripe/stripe-js/pure';
import type { Stripe, StripeElements } from '@stripe/stripe-js';
import { useSearch } from 'wouter';
import { api, ApiProblem, unwrap } from '../api/client';
import { formatFen } from '../format';
import { useI18n } from '../i18n';
import { Notice, ProblemBanner, Select } from '../ui';

const METHODS = ['card', 'alipay', 'wechat_pay'] as const;
type Method = (typeof METHODS)[number];

export function PayBill({ bill }: { bill: { id: string; status: string; amountDue: number } }) {
  const { t, locale } = useI18n();
  const client = useQueryClient();
  const search = new URLSearchParams(useSearch());
  // Stripe sends the person back with redirect_status=failed when a wallet payment was not completed.
  const returned = search.get('payment') === 'returned' && search.get('redirect_status') !== 'failed';
  const failed = search.get('payment') === 'returned' && search.get('redirect_status') === 'failed';
  const config = useQuery({ queryKey: ['stripe-config'], queryFn: () => unwrap(api.GET('/v1/payments/stripe-config')), retry: false, staleTime: Infinity });
  const [method, setMethod] = useState<Method>('card');
  const [stripe, setStripe] = useState<{ stripe: Stripe; elements: StripeElements } | null>(null);
  const [confirmError, setConfirmError] = useState<string | null>(null);
  const mountRef = useRef<HTMLDivElement>(null);
  // Back from Stripe: the webhook books the payment; follow the bill until it is paid.
  useEffect(() => {
    if (!returned || bill.status !== 'open') return;
    const timer = setInterval(() => void client.invalidateQueries({ queryKey: ['invoice', bill.id] }), 1500);
    return () => clearInterval(timer);
  }, [returned, bill.status, bill.id, client]);

  const start = useMutation({
    mutationFn: async () => {
      const intent = await unwrap(api.POST('/v1/payments/stripe-intents', { body: { invoiceId: bill.id, method } }));
      const s = await loadStripe(config.data!.publishableKey!, { locale: locale === 'zh' ? 'zh' : 'en' });
      if (!s) throw new Error(t('pay.stripeUnavailable'));
      const elements = s.elements({ clientSecret: intent.clientSecret! });
      return { stripe: s, elements };
    },
    onSuccess: (s) => setStripe(s),
  });
  useEffect(() => {
    if (!stripe || !mountRef.current) return;
    const element = stripe.elements.create('payment');
    element.mount(mountRef.current);
    return () => element.destroy();
  }, [stripe]);

  if (returned && bill.status === 'open') return <Notice>{t('pay.waiting')}</Notice>;
  if (returned && bill.status === 'paid') return <Notice>{t('pay.paid')}</Notice>;
  if (bill.status !== 'open' || bill.amountDue <= 0) return null;
  if (config.isPending) return null;
  if (config.error) {
    // Not configured (503): no button, and the API's own reason.
    const detail = config.error instanceof ApiProblem ? config.error.problem.detail : String(config.error);
    return (
      <p className="muted" role="note">
        {t('pay.notConfigured')} {detail}
      </p>
    );
  }
  return (
    <section aria-labelledby="pay-bill" className="pay">
      <h2 id="pay-bill">{t('pay.title')}</h2>
      {failed ? (
        <p className="problem" role="alert">
          {t('pay.failed')}
        </p>
      ) : null}
      <ProblemBanner error={start.error} />
      {!stripe ? (
        <form
          className="inline"
          onSubmit={(e) => {
            e.preventDefault();
            start.mutate();
          }}
        >
          <Select
            label={t('pay.method')}
            path="method"
            error={start.error}
            value={method}
            onChange={(e) => setMethod(e.target.value as Method)}
            options={METHODS.filter((m) => config.data.methods?.includes(m) ?? true).map((m) => ({ value: m, label: t(`pay.method.${m}`) }))}
          />
          <button type="submit" disabled={start.isPending}>
            {t('pay.start', { amount: formatFen(bill.amountDue) })}
          </button>
        </form>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setConfirmError(null);
            void stripe.stripe
              .confirmPayment({ elements: stripe.elements, confirmParams: { return_url: `${window.location.origin}/console/bills/${bill.id}?payment=returned` } })
              .then((r) => {
                if (r.error) setConfirmError(r.error.message ?? t('common.error'));
              });
          }}
        >
          <div ref={mountRef} className="stripe-element" />
          {confirmError ? (
            <p className="problem" role="alert">
              {confirmError}
            </p>
          ) : null}
          <button type="submit">{t('pay.confirm', { amount: formatFen(bill.amountDue) })}</button>
        </form>
      )}
    </section>
  );
}
