/** Tenant finance: the next bill of each of its contracts, previewed (nothing stored). */
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import { usePreview, useNextBillPeriod } from '../preview';
import { useI18n } from '../i18n';
import { Empty, Loading, Money, ProblemBanner } from '../ui';
import { Lines } from './Bills';

export function Upcoming() {
  const { t } = useI18n();
  const contracts = useQuery({ queryKey: ['contracts', 'mine'], queryFn: () => unwrap(api.GET('/v1/contracts')) });
  return (
    <main id="main">
      <h1>{t('upcoming.title')}</h1>
      <p className="muted">{t('upcoming.intro')}</p>
      <ProblemBanner error={contracts.error} />
      {contracts.isPending ? <Loading /> : null}
      {contracts.data?.data.length === 0 ? <Empty /> : null}
      {contracts.data?.data.map((c) => <ContractPreview key={c.id} contractId={c.id} title={t('contract.termValue', { start: c.startMonth, months: c.termMonths, end: c.endDate })} />)}
    </main>
  );
}

function ContractPreview({ contractId, title }: { contractId: string; title: string }) {
  const { t } = useI18n();
  // The next bill: the month after the latest one billed, and never before next month.
  const next = useNextBillPeriod(contractId);
  const period = next ?? '';
  const preview = usePreview(contractId, period);
  return (
    <section aria-label={title}>
      <h2>{title}</h2>
      <ProblemBanner error={preview.error} />
      {preview.data ? (
        <>
          <p>
            {preview.data.period ?? period} · {t('bills.total')}: <Money fen={preview.data.total} /> ({t('bills.tax')} <Money fen={preview.data.tax} />)
          </p>
          <Lines lines={preview.data.lines ?? []} />
        </>
      ) : null}
    </section>
  );
}
