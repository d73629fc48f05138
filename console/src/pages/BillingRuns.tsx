/** Billing runs: start one for a month, see its result; /billing-runs/:id follows a run until it finishes. */
import { useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Link, useLocation } from 'wouter';
import { api, unwrap, type Schemas } from '../api/client';
import { ApiForm } from '../form';
import { monthOf, addDays } from '../format';
import { useI18n } from '../i18n';
import { useToday } from '../today';
import { Dl, Field, Loading, QueryFailure } from '../ui';
import { KeysetTable, useKeysetList } from '../paging';

const FINISHED = new Set(['completed', 'succeeded', 'done', 'failed', 'finished']);

export function BillingRuns() {
  const { t } = useI18n();
  const today = useToday();
  const [, navigate] = useLocation();
  const [period, setPeriod] = useState('');
  const start = useMutation({
    mutationFn: () => unwrap(api.POST('/v1/billing-runs', { body: { period: period || monthOf(addDays(today, -28)) } })),
    onSuccess: (run) => navigate(`/billing-runs/${run.id}`),
  });
  return (
    <main id="main">
      <h1>{t('runs.title')}</h1>
      <p className="muted">{t('runs.hint')}</p>
      <ApiForm state={start} onSubmit={() => start.mutate()} submitLabel={t('runs.start')}>
        <Field label={t('runs.period')} path="period" type="month" placeholder="2027-03" required value={period} onChange={(e) => setPeriod(e.target.value)} />
      </ApiForm>
      <RunList />
    </main>
  );
}

export function BillingRunDetail({ id }: { id: string }) {
  const { t } = useI18n();
  const run = useQuery({
    queryKey: ['billing-run', id],
    queryFn: () => unwrap(api.GET('/v1/billing-runs/{id}', { params: { path: { id } } })),
    refetchInterval: (q) => (q.state.data && FINISHED.has((q.state.data as Schemas['BillingRun']).status) ? false : 1000),
  });
  if (run.isPending) return <Loading />;
  if (run.error) return <QueryFailure error={run.error} />;
  return (
    <main id="main">
      <h1>
        {t('runs.title')} · {run.data.period}
      </h1>
      <div aria-live="polite">
        <Dl
          items={[
            [t('runs.status'), run.data.status],
            [t('runs.issued'), String(run.data.invoicesIssued)],
          ]}
        />
      </div>
      <p className="links">
        <Link href={`/bills?period=${run.data.period}`}>{t('runs.viewBills')}</Link>
        <Link href="/billing-runs">{t('runs.start')}</Link>
      </p>
    </main>
  );
}

/** Every run so far, latest period first (keyset "load more"). */
function RunList() {
  const { t } = useI18n();
  const list = useKeysetList(['billing-runs'], (cursor) => unwrap(api.GET('/v1/billing-runs', { params: { query: { cursor, limit: 24 } } })));
  return (
    <section aria-labelledby="run-list">
      <h2 id="run-list">{t('runs.list')}</h2>
      <KeysetTable
        list={list}
        label={t('runs.list')}
        head={
          <>
            <th scope="col">{t('runs.period')}</th>
            <th scope="col">{t('runs.status')}</th>
            <th scope="col" className="num">{t('runs.issued')}</th>
          </>
        }
        row={(r) => (
          <tr key={r.id}>
            <td>
              <Link href={`/billing-runs/${r.id}`}>{r.period}</Link>
            </td>
            <td>{r.status}</td>
            <td className="num">{r.invoicesIssued}</td>
          </tr>
        )}
      />
    </section>
  );
}
