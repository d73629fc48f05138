/**
 * A contract: term, prices, live seats, deposit, seat orders (with opening and lateness) and
 * outages; staff forms to add/return seats (the 5-day notice and the 20th rule explained
 * before submit, the upcoming-invoice preview of the month before and after), record an
 * opening, record an outage.
 */
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'wouter';
import { api, unwrap } from '../api/client';
import { addDays, formatInstant, monthOf, shanghaiInstant } from '../format';
import { useI18n } from '../i18n';
import { useIsStaff } from '../session';
import { useToday } from '../today';
import { Dl, Empty, Field, Loading, Money, Notice, ProblemBanner, QueryFailure, Select, TableWrap, useEnum } from '../ui';

export function ContractDetail({ id }: { id: string }) {
  const { t } = useI18n();
  const label = useEnum();
  const staff = useIsStaff();
  const contract = useQuery({ queryKey: ['contract', id], queryFn: () => unwrap(api.GET('/v1/contracts/{id}', { params: { path: { id } } })) });
  const orders = useQuery({ queryKey: ['seat-orders', id], queryFn: () => unwrap(api.GET('/v1/contracts/{id}/seat-orders', { params: { path: { id } } })) });
  const tenant = useQuery({
    queryKey: ['tenant', contract.data?.tenantId],
    queryFn: () => unwrap(api.GET('/v1/tenants/{id}', { params: { path: { id: contract.data!.tenantId } } })),
    enabled: contract.data !== undefined,
  });
  const outages = useQuery({ queryKey: ['outages', id], queryFn: () => unwrap(api.GET('/v1/contracts/{id}/outages', { params: { path: { id } } })) });
  if (contract.isPending) return <Loading />;
  if (contract.error) return <QueryFailure error={contract.error} />;
  const c = contract.data;
  return (
    <main id="main">
      <h1>
        {t('contract.title')} · {label('contract.status', c.status)}
      </h1>
      <Dl
        items={[
          [t('contract.tenant'), staff ? <Link href={`/tenants/${c.tenantId}`}>{tenant.data?.name ?? c.tenantId}</Link> : (tenant.data?.name ?? c.tenantId)],
          [t('contract.term'), t('contract.termValue', { start: c.startMonth, months: c.termMonths, end: c.endDate })],
          [t('contract.seatFee'), <Money key="s" fen={c.seatFee} />],
          [t('contract.circuitFee'), <Money key="c" fen={c.circuitFee} />],
          [t('contract.liveSeats'), String(c.liveSeats)],
          [t('contract.deposit'), <Money key="d" fen={c.depositHeld} />],
        ]}
      />
      <p className="links">
        <Link href={`/bills?contractId=${id}`}>{t('tenant.bills')}</Link>
      </p>

      <h2>{t('seats.title')}</h2>
      <ProblemBanner error={orders.error} />
      {orders.data && orders.data.data.length === 0 ? <Empty /> : null}
      {orders.data && orders.data.data.length > 0 ? (
        <TableWrap label={t('seats.title')}>
          <thead>
            <tr>
              <th scope="col">{t('seats.kind')}</th>
              <th scope="col">{t('seats.quantity')}</th>
              <th scope="col">{t('seats.effectiveDate')}</th>
              <th scope="col">{t('seats.status')}</th>
              <th scope="col">{t('seats.openedOn')}</th>
              <th scope="col">{t('seats.daysLate')}</th>
              <th scope="col">{t('seats.penalty')}</th>
            </tr>
          </thead>
          <tbody>
            {orders.data.data.map((o) => (
              <tr key={o.id}>
                <td>{label('seats.kind', o.kind)}</td>
                <td>{o.quantity}</td>
                <td>{o.effectiveDate}</td>
                <td>{label('seats.status', o.status)}</td>
                <td>{o.openedOn ?? (staff && o.kind === 'add' ? <OpenSeatOrder orderId={o.id} contractId={id} /> : '—')}</td>
                <td>{o.daysLate ?? '—'}</td>
                <td>{typeof o.penalty === 'number' ? <Money fen={o.penalty} /> : '—'}</td>
              </tr>
            ))}
          </tbody>
        </TableWrap>
      ) : null}
      {staff ? <SeatOrderForm contractId={id} /> : null}

      <h2>{t('outages.title')}</h2>
      <ProblemBanner error={outages.error} />
      {outages.data && outages.data.data.length === 0 ? <Empty /> : null}
      {outages.data && outages.data.data.length > 0 ? (
        <TableWrap label={t('outages.title')}>
          <thead>
            <tr>
              <th scope="col">{t('outages.startedAt')}</th>
              <th scope="col">{t('outages.endedAt')}</th>
              <th scope="col">{t('outages.seatsAffected')}</th>
              <th scope="col">{t('outages.cause')}</th>
            </tr>
          </thead>
          <tbody>
            {outages.data.data.map((o) => (
              <tr key={o.id}>
                <td>{o.startedAt ? formatInstant(o.startedAt) : '—'}</td>
                <td>{o.endedAt ? formatInstant(o.endedAt) : '—'}</td>
                <td>{o.seatsAffected}</td>
                <td>{label('outages.cause', o.cause)}</td>
              </tr>
            ))}
          </tbody>
        </TableWrap>
      ) : null}
      {staff ? <OutageForm contractId={id} /> : null}
    </main>
  );
}

function usePreview(contractId: string, period: string) {
  return useQuery({
    queryKey: ['upcoming', contractId, period],
    queryFn: () => unwrap(api.GET('/v1/contracts/{id}/upcoming-invoice', { params: { path: { id: contractId }, query: { period } } })),
    enabled: /^\d{4}-\d{2}$/.test(period),
    retry: false,
  });
}

function SeatOrderForm({ contractId }: { contractId: string }) {
  const { t } = useI18n();
  const today = useToday();
  const client = useQueryClient();
  const earliest = addDays(today, 5);
  const [kind, setKind] = useState<'add' | 'return'>('add');
  const [quantity, setQuantity] = useState('1');
  const [effectiveDate, setEffectiveDate] = useState('');
  const [overrideReason, setOverrideReason] = useState('');
  const [before, setBefore] = useState<{ period: string; total: number } | null>(null);
  const period = monthOf(effectiveDate || earliest);
  const preview = usePreview(contractId, period);
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/v1/contracts/{id}/seat-orders', {
          params: { path: { id: contractId } },
          body: { kind, quantity: Number(quantity), effectiveDate, ...(overrideReason.trim() ? { overrideReason: overrideReason.trim() } : {}) },
        }),
      ),
    onMutate: () => setBefore(preview.data?.total !== undefined ? { period, total: preview.data.total } : null),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['seat-orders', contractId] });
      void client.invalidateQueries({ queryKey: ['contract', contractId] });
      void client.invalidateQueries({ queryKey: ['upcoming', contractId] });
    },
  });
  const after = create.isSuccess && before && before.period === period && !preview.isFetching ? preview.data?.total : undefined;
  return (
    <section aria-labelledby="seat-order-form">
      <h3 id="seat-order-form">
        {t('seats.kind.add')} / {t('seats.kind.return')}
      </h3>
      <div className="rules">
        <p>{t('seats.rule.notice', { today, earliest })}</p>
        <p>{kind === 'add' ? t('seats.rule.add') : t('seats.rule.return')}</p>
      </div>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
        noValidate
      >
        <ProblemBanner error={create.error} />
        <div className="grid">
          <Select
            label={t('seats.kind')}
            path="kind"
            error={create.error}
            value={kind}
            onChange={(e) => setKind(e.target.value as 'add' | 'return')}
            options={[
              { value: 'add', label: t('seats.kind.add') },
              { value: 'return', label: t('seats.kind.return') },
            ]}
          />
          <Field label={t('seats.quantity')} path="quantity" error={create.error} type="number" min={1} required value={quantity} onChange={(e) => setQuantity(e.target.value)} />
          <Field
            label={t('seats.effectiveDate')}
            hint={kind === 'add' ? t('seats.effectiveDateHint.add') : t('seats.effectiveDateHint.return')}
            path="effectiveDate"
            error={create.error}
            type="date"
            min={earliest}
            required
            value={effectiveDate}
            onChange={(e) => setEffectiveDate(e.target.value)}
          />
          <Field label={t('seats.override')} path="overrideReason" error={create.error} value={overrideReason} onChange={(e) => setOverrideReason(e.target.value)} />
        </div>
        <div className="preview" aria-live="polite">
          <h4>{t('seats.previewTitle', { period })}</h4>
          {preview.isPending && preview.fetchStatus !== 'idle' ? <Loading /> : null}
          <ProblemBanner error={preview.error} />
          {preview.data ? (
            <p>
              {t('bills.total')}: <Money fen={preview.data.total} /> ({t('bills.tax')} <Money fen={preview.data.tax} />)
            </p>
          ) : null}
          {create.isSuccess && before && after !== undefined ? (
            <p className="change">
              {t('seats.previewBefore')}: <Money fen={before.total} /> → {t('seats.previewAfter')}: <Money fen={after} /> · {t('seats.previewChange')}:{' '}
              <Money fen={after - before.total} />
            </p>
          ) : null}
        </div>
        {create.isSuccess ? <Notice>{t('seats.created')}</Notice> : null}
        <button type="submit" disabled={create.isPending}>
          {t('common.submit')}
        </button>
      </form>
    </section>
  );
}

function OpenSeatOrder({ orderId, contractId }: { orderId: string; contractId: string }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const today = useToday();
  // Empty until typed: today (the system's, which may arrive after the first render) is the default.
  const [openedOn, setOpenedOn] = useState('');
  const open = useMutation({
    mutationFn: () => unwrap(api.POST('/v1/seat-orders/{id}/open', { params: { path: { id: orderId } }, body: { openedOn: openedOn || today } })),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['seat-orders', contractId] });
      void client.invalidateQueries({ queryKey: ['contract', contractId] });
    },
  });
  return (
    <form
      className="inline compact"
      onSubmit={(e) => {
        e.preventDefault();
        open.mutate();
      }}
      noValidate
    >
      <ProblemBanner error={open.error} />
      <Field label={t('seats.openDate')} path="openedOn" error={open.error} type="date" required value={openedOn || today} onChange={(e) => setOpenedOn(e.target.value)} />
      <button type="submit" disabled={open.isPending}>
        {t('seats.openAction')}
      </button>
    </form>
  );
}

function OutageForm({ contractId }: { contractId: string }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const [startedAt, setStartedAt] = useState('');
  const [endedAt, setEndedAt] = useState('');
  const [seats, setSeats] = useState('1');
  const [cause, setCause] = useState<'provider' | 'tenant' | 'maintenance'>('provider');
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/v1/contracts/{id}/outages', {
          params: { path: { id: contractId } },
          body: { startedAt: shanghaiInstant(startedAt), endedAt: shanghaiInstant(endedAt), seatsAffected: Number(seats), cause },
        }),
      ),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['outages', contractId] }),
  });
  return (
    <section aria-labelledby="outage-form">
      <h3 id="outage-form">{t('outages.record')}</h3>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
        noValidate
      >
        <ProblemBanner error={create.error} />
        <div className="grid">
          <Field label={t('outages.startedAt')} path="startedAt" error={create.error} type="datetime-local" required value={startedAt} onChange={(e) => setStartedAt(e.target.value)} />
          <Field label={t('outages.endedAt')} path="endedAt" error={create.error} type="datetime-local" required value={endedAt} onChange={(e) => setEndedAt(e.target.value)} />
          <Field label={t('outages.seatsAffected')} path="seatsAffected" error={create.error} type="number" min={1} required value={seats} onChange={(e) => setSeats(e.target.value)} />
          <Select
            label={t('outages.cause')}
            path="cause"
            error={create.error}
            value={cause}
            onChange={(e) => setCause(e.target.value as typeof cause)}
            options={(['provider', 'tenant', 'maintenance'] as const).map((v) => ({ value: v, label: t(`outages.cause.${v}`) }))}
          />
        </div>
        {create.isSuccess ? <Notice>{t('outages.created')}</Notice> : null}
        <button type="submit" disabled={create.isPending}>
          {t('outages.record')}
        </button>
      </form>
    </section>
  );
}
