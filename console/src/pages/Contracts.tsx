/** Contracts (staff): filtered by status and by the last day of service, in the URL; keyset "load more". */
import { Link } from 'wouter';
import { FilterForm, useUrlFilters } from '../filters';
import { api, unwrap, type Schemas } from '../api/client';
import { useI18n } from '../i18n';
import { KeysetTable, useKeysetList } from '../paging';
import { Field, Money, Select, useEnum } from '../ui';

type Status = Schemas['Contract']['status'];
const STATUSES: Status[] = ['pending_opening', 'active', 'suspended', 'terminated', 'expired'];

export function Contracts() {
  const { t } = useI18n();
  const label = useEnum();
  const f = useUrlFilters('/contracts', ['status', 'endingBefore', 'tenantId'] as const);
  const filters = { ...f.values, status: f.values.status && STATUSES.includes(f.values.status as Status) ? (f.values.status as Status) : undefined };
  const list = useKeysetList(['contracts', 'list', filters], (cursor) => unwrap(api.GET('/v1/contracts', { params: { query: { ...filters, cursor, limit: 50 } } })));
  return (
    <main id="main">
      <h1>{t('contracts.title')}</h1>
      <FilterForm onSubmit={f.submit}>
        <Select
          label={t('contract.status')}
          path="status"
          value={f.draft.status}
          onChange={(e) => f.set('status', e.target.value)}
          options={[{ value: '', label: t('common.all') }, ...STATUSES.map((s) => ({ value: s, label: label('contract.status', s) }))]}
        />
        <Field label={t('contracts.endingBefore')} path="endingBefore" type="date" value={f.draft.endingBefore} onChange={(e) => f.set('endingBefore', e.target.value)} />
      </FilterForm>
      <KeysetTable
        list={list}
        label={t('contracts.title')}
        head={
          <>
            <th scope="col">{t('contract.number')}</th>
            <th scope="col">{t('contract.tenant')}</th>
            <th scope="col">{t('contract.status')}</th>
            <th scope="col">{t('contract.term')}</th>
            <th scope="col" className="num">{t('contract.liveSeats')}</th>
            <th scope="col" className="num">{t('staff.monthlyFee')}</th>
          </>
        }
        row={(c) => (
          <tr key={c.id}>
            <td>
              <Link href={`/contracts/${c.id}`}>{c.number ?? c.id}</Link>
            </td>
            <td>
              <Link href={`/tenants/${c.tenantId}`}>{c.tenantName ?? c.tenantId}</Link>
            </td>
            <td>{label('contract.status', c.status)}</td>
            <td>{t('contract.termValue', { start: c.startMonth, months: c.termMonths, end: c.lastDayOfService ?? c.endDate })}</td>
            <td className="num">{c.liveSeats}</td>
            <td className="num">
              <Money fen={c.monthlyFee ?? c.seatFee + c.circuitFee} />
            </td>
          </tr>
        )}
      />
    </main>
  );
}
