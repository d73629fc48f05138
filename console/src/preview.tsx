/**
 * What a change will cost, from the API's own preview (GET /v1/contracts/:id/upcoming-invoice,
 * nothing stored): the bill of a period as it stands before the change is submitted, then, once
 * the API has stored it, the same bill after and the difference. The console computes no amount.
 */
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from './api/client';
import { addDays, monthOf } from './format';
import { useI18n } from './i18n';
import { useToday } from './today';
import { Loading, Money, ProblemBanner } from './ui';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export function usePreview(contractId: string, period: string) {
  return useQuery({
    queryKey: ['upcoming', contractId, period],
    queryFn: () => unwrap(api.GET('/v1/contracts/{id}/upcoming-invoice', { params: { path: { id: contractId }, query: { period } } })),
    enabled: MONTH.test(period),
    retry: false,
  });
}

/** The next bill not issued yet: the month after the latest one billed, and never before next month. */
export function useNextBillPeriod(contractId: string): string | undefined {
  const today = useToday();
  const nextMonth = monthOf(addDays(`${monthOf(today)}-01`, 31));
  const later = useQuery({
    queryKey: ['invoices', { contractId, periodFrom: nextMonth }],
    queryFn: () => unwrap(api.GET('/v1/invoices', { params: { query: { contractId, periodFrom: nextMonth, limit: 50 } } })),
  });
  if (!later.data) return undefined;
  const latest = later.data.data.reduce((m, b) => (b.status !== 'void' && b.period > m ? b.period : m), '');
  return latest ? monthOf(addDays(`${latest}-01`, 31)) : nextMonth;
}

/**
 * Remembers the preview's total when the change is sent (`snapshot()` from the mutation's
 * onMutate) and shows before → after → change once the preview has been fetched again.
 */
export function useCostPreview(contractId: string, period: string | undefined) {
  const preview = usePreview(contractId, period ?? '');
  const [before, setBefore] = useState<{ period: string; total: number } | null>(null);
  return {
    preview,
    snapshot: () => setBefore(period && preview.data?.total !== undefined ? { period, total: preview.data.total } : null),
    before,
    period,
  };
}

export function CostPreview({ cost, done }: { cost: ReturnType<typeof useCostPreview>; done: boolean }) {
  const { t } = useI18n();
  const { preview, before, period } = cost;
  if (!period) return <Loading />;
  const after = done && before && before.period === period && !preview.isFetching ? preview.data?.total : undefined;
  return (
    <div className="preview" aria-live="polite">
      <h4>{t('preview.title', { period })}</h4>
      {preview.isPending && preview.fetchStatus !== 'idle' ? <Loading /> : null}
      <ProblemBanner error={preview.error} />
      {preview.data ? (
        <p>
          {t('bills.total')}: <Money fen={preview.data.total} /> ({t('bills.tax')} <Money fen={preview.data.tax} />)
        </p>
      ) : null}
      {done && before && after !== undefined ? (
        <p className="change">
          {t('preview.before')}: <Money fen={before.total} /> → {t('preview.after')}: <Money fen={after} /> · {t('preview.change')}: <Money fen={after - before.total} />
        </p>
      ) : null}
    </div>
  );
}
