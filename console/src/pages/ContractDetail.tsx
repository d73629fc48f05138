/**
 * A contract: term, prices, live seats, deposit, termination, seat orders (with opening,
 * lateness and a link to excuse a late opening) and outages; staff forms to add/return seats
 * (the 5-day notice and the 20th rule explained before submit, the upcoming-invoice preview of
 * the month before and after), record an opening, record an outage; and links to the pages of
 * the other changes (ContractActions.tsx: force majeure, one-off charge, renewal, transfer,
 * termination, the audit trail).
 */
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'wouter';
import { api, unwrap } from '../api/client';
import { ApiForm } from '../form';
import { addDays, formatInstant, monthOf, shanghaiInstant } from '../format';
import { useI18n } from '../i18n';
import { KeysetTable, useKeysetList } from '../paging';
import { CostPreview, useCostPreview } from '../preview';
import { useIsStaff } from '../session';
import { useToday } from '../today';
import { Dl, Field, Loading, Money, QueryFailure, Select, useEnum } from '../ui';

export function ContractDetail({ id }: { id: string }) {
  const { t } = useI18n();
  const label = useEnum();
  const staff = useIsStaff();
  const contract = useQuery({ queryKey: ['contract', id], queryFn: () => unwrap(api.GET('/v1/contracts/{id}', { params: { path: { id } } })) });
  const orders = useKeysetList(['seat-orders', id], (cursor) => unwrap(api.GET('/v1/contracts/{id}/seat-orders', { params: { path: { id }, query: { cursor, limit: 100 } } })));
  const tenant = useQuery({
    queryKey: ['tenant', contract.data?.tenantId],
    queryFn: () => unwrap(api.GET('/v1/tenants/{id}', { params: { path: { id: contract.data!.tenantId } } })),
    enabled: contract.data !== undefined,
  });
  const outages = useKeysetList(['outages', id], (cursor) => unwrap(api.GET('/v1/contracts/{id}/outages', { params: { path: { id }, query: { cursor, limit: 50 } } })));
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
          ...(c.number ? [[t('contract.number'), c.number] as [string, string]] : []),
          [t('contract.tenant'), staff ? <Link href={`/tenants/${c.tenantId}`}>{tenant.data?.name ?? c.tenantId}</Link> : (tenant.data?.name ?? c.tenantId)],
          [t('contract.term'), t('contract.termValue', { start: c.startMonth, months: c.termMonths, end: c.endDate })],
          [t('contract.seatFee'), <Money key="s" fen={c.seatFee} />],
          [t('contract.circuitFee'), <Money key="c" fen={c.circuitFee} />],
          [t('contract.liveSeats'), String(c.liveSeats)],
          [t('contract.deposit'), <Money key="d" fen={c.depositHeld} />],
          ...(c.termination
            ? [[t('contract.termination'), t('contract.terminationValue', { kind: label('terminate.kind', c.termination.kind), effectiveDate: c.termination.effectiveDate, noticeDate: c.termination.noticeDate })] as [string, string]]
            : []),
        ]}
      />
      <p className="links">
        <Link href={`/bills?contractId=${id}`}>{t('tenant.bills')}</Link>
        {staff ? <Link href={`/credit-notes?tenantId=${c.tenantId}`}>{t('nav.creditNotes')}</Link> : null}
      </p>
      {staff ? (
        <nav className="links actions" aria-label={t('actions.title')}>
          <Link href={`/contracts/${id}/force-majeure`}>{t('actions.forceMajeure')}</Link>
          <Link href={`/contracts/${id}/charges`}>{t('actions.charge')}</Link>
          <Link href={`/contracts/${id}/renew`}>{t('actions.renew')}</Link>
          <Link href={`/contracts/${id}/transfer`}>{t('actions.transfer')}</Link>
          <Link href={`/contracts/${id}/terminate`}>{t('actions.terminate')}</Link>
          <Link href={`/contracts/${id}/audit`}>{t('actions.audit')}</Link>
        </nav>
      ) : null}

      <h2>{t('seats.title')}</h2>
      <KeysetTable
        list={orders}
        label={t('seats.title')}
        head={
          <>
            <th scope="col">{t('seats.kind')}</th>
            <th scope="col">{t('seats.quantity')}</th>
            <th scope="col">{t('seats.effectiveDate')}</th>
            <th scope="col">{t('seats.status')}</th>
            <th scope="col">{t('seats.openedOn')}</th>
            <th scope="col">{t('seats.daysLate')}</th>
            <th scope="col">{t('seats.penalty')}</th>
          </>
        }
        row={(o) => (
          <tr key={o.id}>
            <td>{label('seats.kind', o.kind)}</td>
            <td>{o.quantity}</td>
            <td>{o.effectiveDate}</td>
            <td>{label('seats.status', o.status)}</td>
            <td>{o.openedOn ?? (staff && o.kind === 'add' ? <OpenSeatOrder orderId={o.id} contractId={id} /> : '—')}</td>
            <td>{o.daysLate ?? '—'}</td>
            <td>
              {typeof o.penalty === 'number' ? <Money fen={o.penalty} /> : '—'}
              {o.excused ? <small className="muted"> {t('seats.excusedMark')}</small> : null}
              {staff && o.kind === 'add' && !o.excused && !o.voidedAt && (o.openedOn === null || o.openedOn === undefined || (o.daysLate ?? 0) > 0) ? (
                <>
                  {' '}
                  <Link href={`/contracts/${id}/seat-orders/${o.id}/excuse`}>{t('seats.excuse')}</Link>
                </>
              ) : null}
            </td>
          </tr>
        )}
      />
      {staff ? <SeatOrderForm contractId={id} /> : null}

      <h2>{t('outages.title')}</h2>
      <KeysetTable
        list={outages}
        label={t('outages.title')}
        head={
          <>
            <th scope="col">{t('outages.startedAt')}</th>
            <th scope="col">{t('outages.endedAt')}</th>
            <th scope="col">{t('outages.seatsAffected')}</th>
            <th scope="col">{t('outages.cause')}</th>
          </>
        }
        row={(o) => (
          <tr key={o.id}>
            <td>{o.startedAt ? formatInstant(o.startedAt) : '—'}</td>
            <td>{o.endedAt ? formatInstant(o.endedAt) : '—'}</td>
            <td>{o.seatsAffected}</td>
            <td>{label('outages.cause', o.cause)}</td>
          </tr>
        )}
      />
      {staff ? <OutageForm contractId={id} /> : null}
    </main>
  );
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
  const cost = useCostPreview(contractId, monthOf(effectiveDate || earliest));
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/v1/contracts/{id}/seat-orders', {
          params: { path: { id: contractId } },
          body: { kind, quantity: Number(quantity), effectiveDate, ...(overrideReason.trim() ? { overrideReason: overrideReason.trim() } : {}) },
        }),
      ),
    onMutate: cost.snapshot,
    onSuccess: () => {
      for (const key of ['seat-orders', 'contract', 'upcoming', 'audit']) void client.invalidateQueries({ queryKey: [key] });
    },
  });
  return (
    <section aria-labelledby="seat-order-form">
      <h3 id="seat-order-form">
        {t('seats.kind.add')} / {t('seats.kind.return')}
      </h3>
      <div className="rules">
        <p>{t('seats.rule.notice', { today, earliest })}</p>
        <p>{kind === 'add' ? t('seats.rule.add') : t('seats.rule.return')}</p>
      </div>
      <ApiForm state={create} onSubmit={() => create.mutate()} submitLabel={t('common.submit')} success={t('seats.created')} footer={<CostPreview cost={cost} done={create.isSuccess} />}>
        <div className="grid">
          <Select
            label={t('seats.kind')}
            path="kind"
            value={kind}
            onChange={(e) => setKind(e.target.value as 'add' | 'return')}
            options={[
              { value: 'add', label: t('seats.kind.add') },
              { value: 'return', label: t('seats.kind.return') },
            ]}
          />
          <Field label={t('seats.quantity')} path="quantity" type="number" min={1} required value={quantity} onChange={(e) => setQuantity(e.target.value)} />
          <Field
            label={t('seats.effectiveDate')}
            hint={kind === 'add' ? t('seats.effectiveDateHint.add') : t('seats.effectiveDateHint.return')}
            path="effectiveDate"
            type="date"
            min={earliest}
            required
            value={effectiveDate}
            onChange={(e) => setEffectiveDate(e.target.value)}
          />
          <Field label={t('seats.override')} path="overrideReason" value={overrideReason} onChange={(e) => setOverrideReason(e.target.value)} />
        </div>
      </ApiForm>
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
      for (const key of ['seat-orders', 'contract', 'upcoming', 'audit']) void client.invalidateQueries({ queryKey: [key] });
      void client.invalidateQueries({ queryKey: ['contract', contractId] });
    },
  });
  return (
    <ApiForm state={open} onSubmit={() => open.mutate()} submitLabel={t('seats.openAction')} className="inline compact">
      <Field label={t('seats.openDate')} path="openedOn" type="date" required value={openedOn || today} onChange={(e) => setOpenedOn(e.target.value)} />
    </ApiForm>
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
    onSuccess: () => {
      for (const key of ['outages', 'upcoming', 'audit']) void client.invalidateQueries({ queryKey: [key] });
    },
  });
  return (
    <section aria-labelledby="outage-form">
      <h3 id="outage-form">{t('outages.record')}</h3>
      <ApiForm state={create} onSubmit={() => create.mutate()} submitLabel={t('outages.record')} success={t('outages.created')}>
        <div className="grid">
          <Field label={t('outages.startedAt')} path="startedAt" type="datetime-local" required value={startedAt} onChange={(e) => setStartedAt(e.target.value)} />
          <Field label={t('outages.endedAt')} path="endedAt" type="datetime-local" required value={endedAt} onChange={(e) => setEndedAt(e.target.value)} />
          <Field label={t('outages.seatsAffected')} path="seatsAffected" type="number" min={1} required value={seats} onChange={(e) => setSeats(e.target.value)} />
          <Select
            label={t('outages.cause')}
            path="cause"
            value={cause}
            onChange={(e) => setCause(e.target.value as typeof cause)}
            options={(['provider', 'tenant', 'maintenance'] as const).map((v) => ({ value: v, label: t(`outages.cause.${v}`) }))}
          />
        </div>
      </ApiForm>
    </section>
  );
}
