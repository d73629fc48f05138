/** Staff dashboard: open AR, overdue, contracts pending opening, renewals due in 60 days, last billing. */
import { useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { api, unwrap } from '../api/client';
import { addDays } from '../format';
import { useI18n } from '../i18n';
import { useToday } from '../today';
import { Loading, Money, ProblemBanner } from '../ui';

export function Dashboard() {
  const { t } = useI18n();
  const today = useToday();
  const aging = useQuery({ queryKey: ['ar-aging'], queryFn: () => unwrap(api.GET('/v1/reports/ar-aging')) });
  const horizon = addDays(today, 60);
  // Counted from the API's own filters (a page of up to 500; "500+" beyond).
  const pendingList = useQuery({ queryKey: ['contracts', 'pending_opening'], queryFn: () => unwrap(api.GET('/v1/contracts', { params: { query: { status: 'pending_opening', limit: 500 } } })) });
  const ending = useQuery({
    queryKey: ['contracts', 'ending', horizon],
    queryFn: () => unwrap(api.GET('/v1/contracts', { params: { query: { status: 'active', endingBefore: addDays(horizon, 1), limit: 500 } } })),
  });
  const contracts = { error: pendingList.error ?? ending.error, isPending: pendingList.isPending || ending.isPending };
  const lastBill = useQuery({ queryKey: ['invoices', 'newest'], queryFn: () => unwrap(api.GET('/v1/invoices', { params: { query: { limit: 1, order: 'desc' } } })) });

  const rows = aging.data?.tenants ?? [];
  const sum = (pick: (r: (typeof rows)[number]) => number | undefined) => rows.reduce((s, r) => s + (pick(r) ?? 0), 0);
  const openAr = sum((r) => r.total);
  const overdue = sum((r) => (r.days1to30 ?? 0) + (r.days31to60 ?? 0) + (r.days61to90 ?? 0) + (r.days90plus ?? 0));
  const count = (page: { data: unknown[]; hasMore?: boolean } | undefined) => (page ? `${page.data.length}${page.hasMore ? '+' : ''}` : '—');
  const pending = count(pendingList.data);
  // Renewals: contracts running to the end of their term within 60 days (a terminated one is not renewed).
  const renewalPage = ending.data ? { data: ending.data.data.filter((c) => !c.termination && c.endDate >= today && c.endDate <= horizon), hasMore: ending.data.hasMore } : undefined;
  const renewals = count(renewalPage);
  const newest = lastBill.data?.data[0];

  return (
    <main id="main">
      <h1>{t('dash.title')}</h1>
      <p className="muted">{t('dash.asOf', { date: aging.data?.asOf ?? today })}</p>
      <ProblemBanner error={aging.error ?? contracts.error ?? lastBill.error} />
      {aging.isPending || contracts.isPending ? <Loading /> : null}
      <div className="cards">
        <Link className="card" href="/bills?status=open">
          <span className="card-label">{t('dash.openAr')}</span>
          <span className="card-value">
            <Money fen={openAr} />
          </span>
        </Link>
        <Link className="card" href="/bills?overdue=true">
          <span className="card-label">{t('dash.overdue')}</span>
          <span className="card-value">
            <Money fen={overdue} />
          </span>
        </Link>
        <Link className="card" href="/contracts?status=pending_opening">
          <span className="card-label">{t('dash.pending')}</span>
          <span className="card-value">{pending}</span>
        </Link>
        <Link className="card" href={`/contracts?status=active&endingBefore=${addDays(horizon, 1)}`}>
          <span className="card-label">{t('dash.renewals')}</span>
          <span className="card-value">{renewals}</span>
        </Link>
        <Link className="card" href="/billing-runs">
          <span className="card-label">{t('dash.lastRun')}</span>
          <span className="card-value small">{newest ? t('dash.lastRunValue', { period: newest.period, date: newest.issuedOn }) : t('dash.noRun')}</span>
        </Link>
      </div>
    </main>
  );
}
