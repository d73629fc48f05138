/** Accounts receivable aging (staff): each tenant's open amounts by how long past due, as of a date in the URL. */
import { useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { FilterForm, useUrlFilters } from '../filters';
import { api, unwrap } from '../api/client';
import { useI18n } from '../i18n';
import { Empty, Field, Loading, Money, ProblemBanner, TableWrap } from '../ui';

const BUCKETS = ['current', 'days1to30', 'days31to60', 'days61to90', 'days90plus'] as const;

export function ArAging() {
  const { t } = useI18n();
  const f = useUrlFilters('/ar-aging', ['asOf'] as const);
  const asOf = f.values.asOf;
  const aging = useQuery({ queryKey: ['ar-aging', asOf], queryFn: () => unwrap(api.GET('/v1/reports/ar-aging', { params: { query: { asOf } } })), retry: false });
  const rows = aging.data?.tenants ?? [];
  const totals = aging.data?.totals;
  return (
    <main id="main">
      <h1>{t('aging.title')}</h1>
      <FilterForm onSubmit={f.submit} submitLabel={t('aging.show')}>
        <Field label={t('aging.asOf')} path="asOf" type="date" value={f.draft.asOf || aging.data?.asOf || ''} onChange={(e) => f.set('asOf', e.target.value)} error={aging.error} />
      </FilterForm>
      <p className="links">
        <a href={`/v1/reports/ar-aging/export?format=xlsx${asOf ? `&asOf=${asOf}` : ''}`} download>
          {t('aging.export')}
        </a>
      </p>
      <ProblemBanner error={aging.error} />
      {aging.isPending ? <Loading /> : null}
      {aging.data ? <p className="muted">{t('dash.asOf', { date: aging.data.asOf ?? '' })}</p> : null}
      {aging.data && rows.length === 0 ? <Empty /> : null}
      {rows.length > 0 ? (
        <TableWrap label={t('aging.title')}>
          <thead>
            <tr>
              <th scope="col">{t('tenants.name')}</th>
              <th scope="col" className="num">{t('aging.bills')}</th>
              {BUCKETS.map((b) => (
                <th key={b} scope="col" className="num">
                  {t(`aging.${b}`)}
                </th>
              ))}
              <th scope="col" className="num">{t('aging.total')}</th>
              <th scope="col" className="num">{t('aging.credit')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.tenantId}>
                <td>
                  <Link href={`/tenants/${r.tenantId}`}>{r.tenantName}</Link>
                </td>
                <td className="num">
                  <Link href={`/bills?tenantId=${r.tenantId}&status=open`}>{r.invoiceCount}</Link>
                </td>
                {BUCKETS.map((b) => (
                  <td key={b} className="num">
                    <Money fen={r[b] ?? 0} />
                  </td>
                ))}
                <td className="num">
                  <Money fen={r.total ?? 0} />
                </td>
                <td className="num">
                  <Money fen={r.creditBalance ?? 0} />
                </td>
              </tr>
            ))}
          </tbody>
          {totals ? (
            <tfoot>
              <tr>
                <th scope="row">{t('aging.totals')}</th>
                <td />
                {BUCKETS.map((b) => (
                  <td key={b} className="num">
                    <Money fen={totals[b] ?? 0} />
                  </td>
                ))}
                <td className="num">
                  <Money fen={totals.total ?? 0} />
                </td>
                <td />
              </tr>
            </tfoot>
          ) : null}
        </TableWrap>
      ) : null}
    </main>
  );
}
