/**
 * Bills: filters in the URL (bookmarkable), one page at a time (cursor paging, API.md Lists),
 * never the whole ledger in the DOM. The detail shows every line with its clause and formula.
 */
import { useQuery } from '@tanstack/react-query';
import { Link, useSearch } from 'wouter';
import { FilterForm, useUrlFilters } from '../filters';
import { api, unwrap } from '../api/client';
import { useI18n } from '../i18n';
import { useIsStaff } from '../session';
import { PayBill } from './PayBill';
import { Dl, Empty, Field, Loading, Money, ProblemBanner, QueryFailure, Select, TableWrap, useEnum } from '../ui';
import { CreditNoteTable } from './CreditNotes';

const PAGE_SIZE = 50;
const STATUSES = ['open', 'paid', 'void'] as const;
type Status = (typeof STATUSES)[number];

export function Bills() {
  const { t } = useI18n();
  const label = useEnum();
  const staff = useIsStaff();
  const search = new URLSearchParams(useSearch());
  const f = useUrlFilters('/bills', ['status', 'period', 'tenantId', 'contractId', 'overdue'] as const);
  const status = STATUSES.includes(f.values.status as Status) ? (f.values.status as Status) : undefined;
  const filters = {
    ...f.values,
    status,
    overdue: f.values.overdue === 'true' ? ('true' as const) : undefined,
    cursor: search.get('cursor') ?? undefined,
  };
  const list = useQuery({
    queryKey: ['invoices', filters],
    queryFn: () => unwrap(api.GET('/v1/invoices', { params: { query: { ...filters, limit: PAGE_SIZE } } })),
  });
  return (
    <main id="main">
      <h1>{t('bills.title')}</h1>
      <FilterForm onSubmit={() => f.go({ ...f.draft, tenantId: staff ? f.draft.tenantId : undefined })}>
        <Select
          label={t('bills.status')}
          path="status"
          value={f.draft.status}
          onChange={(e) => f.set('status', e.target.value)}
          options={[{ value: '', label: t('common.all') }, ...STATUSES.map((s) => ({ value: s, label: t(`bills.status.${s}`) }))]}
        />
        <Field label={t('bills.period')} path="period" type="month" placeholder="2027-03" value={f.draft.period} onChange={(e) => f.set('period', e.target.value)} />
        {staff ? <Field label={t('payments.tenantId')} path="tenantId" value={f.draft.tenantId} onChange={(e) => f.set('tenantId', e.target.value)} /> : null}
      </FilterForm>
      <ProblemBanner error={list.error} />
      {list.isPending ? <Loading /> : null}
      {list.data && list.data.data.length === 0 ? <Empty /> : null}
      {list.data && list.data.data.length > 0 ? (
        <TableWrap label={t('bills.title')}>
          <thead>
            <tr>
              <th scope="col">{t('bills.number')}</th>
              <th scope="col">{t('bills.period')}</th>
              <th scope="col">{t('bills.kind')}</th>
              <th scope="col">{t('bills.issuedOn')}</th>
              <th scope="col">{t('bills.dueDate')}</th>
              <th scope="col" className="num">
                {t('bills.total')}
              </th>
              <th scope="col" className="num">
                {t('bills.due')}
              </th>
              <th scope="col">{t('bills.status')}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.data.map((b) => (
              <tr key={b.id}>
                <td>
                  <Link href={`/bills/${b.id}`}>{b.number}</Link>
                </td>
                <td>{b.period}</td>
                <td>{label('bills.kind', b.kind)}</td>
                <td>{b.issuedOn}</td>
                <td>{b.dueDate}</td>
                <td className="num">
                  <Money fen={b.total} />
                </td>
                <td className="num">
                  <Money fen={b.amountDue} />
                </td>
                <td>{label('bills.status', b.status)}</td>
              </tr>
            ))}
          </tbody>
        </TableWrap>
      ) : null}
      <nav className="pager" aria-label={t('bills.title')}>
        {filters.cursor ? (
          <Link href={`/bills?${withCursor(search, undefined)}`}>{t('common.first')}</Link>
        ) : null}
        {list.data?.hasMore && list.data.nextCursor ? <Link href={`/bills?${withCursor(search, list.data.nextCursor)}`}>{t('common.next')}</Link> : null}
      </nav>
    </main>
  );
}

function withCursor(search: URLSearchParams, cursor: string | undefined): string {
  const q = new URLSearchParams(search);
  if (cursor) q.set('cursor', cursor);
  else q.delete('cursor');
  return q.toString();
}

export function BillDetail({ id }: { id: string }) {
  const { t } = useI18n();
  const label = useEnum();
  const staff = useIsStaff();
  const bill = useQuery({ queryKey: ['invoice', id], queryFn: () => unwrap(api.GET('/v1/invoices/{id}', { params: { path: { id } } })), retry: false });
  if (bill.isPending) return <Loading />;
  if (bill.error) return <QueryFailure error={bill.error} />;
  const b = bill.data;
  return (
    <main id="main">
      <h1>
        {b.number} · {label('bills.status', b.status)}
      </h1>
      <Dl
        items={[
          [t('bills.period'), b.period],
          [t('bills.kind'), label('bills.kind', b.kind)],
          [t('bills.issuedOn'), b.issuedOn],
          [t('bills.dueDate'), b.dueDate],
          [t('bills.total'), <Money key="t" fen={b.total} />],
          [t('bills.tax'), <Money key="x" fen={b.tax} />],
          [t('bills.paid'), <Money key="p" fen={b.amountPaid} />],
          [t('bills.due'), <Money key="d" fen={b.amountDue} />],
          [t('bills.contract'), <Link key="c" href={`/contracts/${b.contractId}`}>{b.contractId}</Link>],
        ]}
      />
      <p className="links">
        <a href={`/v1/invoices/${b.id}/pdf`} download={`${b.number}.pdf`}>
          {t('bills.pdf')}
        </a>
        {staff && b.status === 'open' ? <Link href={`/payments?tenantId=${b.tenantId}&invoiceId=${b.id}`}>{t('bills.recordPayment')}</Link> : null}
        {staff && b.amountDue > 0 ? <Link href={`/bills/${b.id}/credit-note`}>{t('cn.issue')}</Link> : null}
      </p>
      {!staff ? <PayBill bill={b} /> : null}
      <h2>{t('bills.lines')}</h2>
      <Lines lines={b.lines} />
      <h2>{t('cn.ofBill')}</h2>
      <CreditNoteTable filters={{ invoiceId: b.id }} />
    </main>
  );
}

export function Lines({ lines }: { lines: Array<{ code: string; description: string; quantity: number | string; unitAmount: number; amount: number; period?: string; clause: string; formula?: string | null }> }) {
  const { t } = useI18n();
  if (lines.length === 0) return <Empty />;
  return (
    <TableWrap label={t('bills.lines')}>
      <thead>
        <tr>
          <th scope="col">{t('bills.line.description')}</th>
          <th scope="col">{t('bills.line.clause')}</th>
          <th scope="col">{t('bills.line.formula')}</th>
          <th scope="col" className="num">
            {t('bills.line.quantity')}
          </th>
          <th scope="col" className="num">
            {t('bills.line.unit')}
          </th>
          <th scope="col" className="num">
            {t('bills.line.amount')}
          </th>
        </tr>
      </thead>
      <tbody>
        {lines.map((l, i) => (
          <tr key={i}>
            <td>
              {l.description}
              {l.period ? <small className="muted"> {l.period}</small> : null}
            </td>
            <td>{l.clause}</td>
            <td className="formula">{l.formula ?? '—'}</td>
            <td className="num">{String(l.quantity)}</td>
            <td className="num">
              <Money fen={l.unitAmount} />
            </td>
            <td className="num">
              <Money fen={l.amount} />
            </td>
          </tr>
        ))}
      </tbody>
    </TableWrap>
  );
}
