/** Tenants: search (GET /v1/tenants?q=, API.md Lists), create, and each tenant's page. */
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useLocation, useSearch } from 'wouter';
import { api, unwrap } from '../api/client';
import { ApiForm } from '../form';
import { KeysetTable, useKeysetList } from '../paging';
import { useI18n } from '../i18n';
import { Field, Loading, Money, QueryFailure, Select, useEnum, Dl } from '../ui';
import { useToday } from '../today';
import { monthOf } from '../format';

export function Tenants() {
  const { t } = useI18n();
  const search = new URLSearchParams(useSearch());
  const [, navigate] = useLocation();
  const q = search.get('q') ?? '';
  const [text, setText] = useState(q);
  const list = useKeysetList(['tenants', q, 'list'], (cursor) => unwrap(api.GET('/v1/tenants', { params: { query: { q: q || undefined, cursor, limit: 50 } } })));
  return (
    <main id="main">
      <h1>{t('tenants.title')}</h1>
      <form
        className="inline"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          navigate(text ? `/tenants?q=${encodeURIComponent(text)}` : '/tenants');
        }}
      >
        <Field label={t('tenants.search')} path="q" type="search" value={text} onChange={(e) => setText(e.target.value)} />
        <button type="submit">{t('common.search')}</button>
      </form>
      <KeysetTable
        list={list}
        label={t('tenants.title')}
        head={
          <>
            <th scope="col">{t('tenants.name')}</th>
            <th scope="col">{t('tenants.emails')}</th>
          </>
        }
        row={(tenant) => (
          <tr key={tenant.id}>
            <td>
              <Link href={`/tenants/${tenant.id}`}>{tenant.name}</Link>
            </td>
            <td>{tenant.billingEmails.join(', ')}</td>
          </tr>
        )}
      />
      <CreateTenant />
    </main>
  );
}

function CreateTenant() {
  const { t } = useI18n();
  const [, navigate] = useLocation();
  const client = useQueryClient();
  const [name, setName] = useState('');
  const [emails, setEmails] = useState('');
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/v1/tenants', {
          body: {
            name: name.trim(),
            billingEmails: emails
              .split(/[,，\s]+/)
              .map((s) => s.trim())
              .filter(Boolean),
          },
        }),
      ),
    onSuccess: (tenant) => {
      void client.invalidateQueries({ queryKey: ['tenants'] });
      navigate(`/tenants/${tenant.id}`);
    },
  });
  return (
    <section aria-labelledby="create-tenant">
      <h2 id="create-tenant">{t('tenants.create')}</h2>
      <ApiForm state={create} onSubmit={() => create.mutate()} submitLabel={t('tenants.create')}>
        <Field label={t('tenants.name')} path="name" required value={name} onChange={(e) => setName(e.target.value)} />
        <Field
          label={t('tenants.emails')}
          hint={t('tenants.emailsHint')}
          path="billingEmails"
          type="text"
          inputMode="email"
          required
          value={emails}
          onChange={(e) => setEmails(e.target.value)}
        />
      </ApiForm>
    </section>
  );
}

export function TenantDetail({ id }: { id: string }) {
  const { t } = useI18n();
  const label = useEnum();
  const tenant = useQuery({ queryKey: ['tenant', id], queryFn: () => unwrap(api.GET('/v1/tenants/{id}', { params: { path: { id } } })) });
  const contracts = useKeysetList(['contracts', id], (cursor) => unwrap(api.GET('/v1/contracts', { params: { query: { tenantId: id, cursor, limit: 50 } } })));
  if (tenant.isPending) return <Loading />;
  if (tenant.error) return <QueryFailure error={tenant.error} />;
  return (
    <main id="main">
      <h1>{tenant.data.name}</h1>
      <Dl
        items={[
          [t('tenant.id'), <code key="id">{tenant.data.id}</code>],
          [t('tenants.emails'), tenant.data.billingEmails.join(', ')],
        ]}
      />
      <p className="links">
        <Link href={`/bills?tenantId=${id}`}>{t('tenant.bills')}</Link>
        <Link href={`/payments?tenantId=${id}`}>{t('tenant.payments')}</Link>
        <Link href={`/tenants/${id}/statement`}>{t('tenant.statement')}</Link>
      </p>
      <h2>{t('tenant.contracts')}</h2>
      <KeysetTable
        list={contracts}
        label={t('tenant.contracts')}
        head={
          <>
            <th scope="col">{t('contract.term')}</th>
            <th scope="col">{t('contract.status')}</th>
            <th scope="col">{t('contract.liveSeats')}</th>
            <th scope="col">{t('contract.seatFee')}</th>
          </>
        }
        row={(c) => (
          <tr key={c.id}>
            <td>
              <Link href={`/contracts/${c.id}`}>{t('contract.termValue', { start: c.startMonth, months: c.termMonths, end: c.endDate })}</Link>
            </td>
            <td>{label('contract.status', c.status)}</td>
            <td>{c.liveSeats}</td>
            <td>
              <Money fen={c.seatFee} />
            </td>
          </tr>
        )}
      />
      <NewContract tenantId={id} />
    </main>
  );
}

function NewContract({ tenantId }: { tenantId: string }) {
  const { t } = useI18n();
  const [, navigate] = useLocation();
  const today = useToday();
  const [tier, setTier] = useState<'province' | 'prefecture' | 'county'>('province');
  const [startMonth, setStartMonth] = useState('');
  const [termMonths, setTermMonths] = useState('12');
  const [seats, setSeats] = useState('10');
  const [openingDate, setOpeningDate] = useState('');
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/v1/contracts', {
          body: {
            tenantId,
            seatTier: tier,
            startMonth: startMonth || monthOf(openingDate || today),
            termMonths: Number(termMonths),
            seats: Number(seats),
            openingDate,
          },
        }),
      ),
    onSuccess: (c) => navigate(`/contracts/${c.id}`),
  });
  return (
    <section aria-labelledby="new-contract">
      <h2 id="new-contract">{t('tenant.newContract')}</h2>
      <ApiForm state={create} onSubmit={() => create.mutate()} submitLabel={t('tenant.newContract')}>
        <div className="grid">
          <Select
            label={t('contract.tier')}
            path="seatTier"
            value={tier}
            onChange={(e) => setTier(e.target.value as typeof tier)}
            options={(['province', 'prefecture', 'county'] as const).map((v) => ({ value: v, label: t(`contract.tier.${v}`) }))}
          />
          <Field label={t('contract.openingDate')} path="openingDate" type="date" required value={openingDate} onChange={(e) => setOpeningDate(e.target.value)} />
          <Field label={t('contract.startMonth')} path="startMonth" type="month" placeholder="2027-03" value={startMonth} onChange={(e) => setStartMonth(e.target.value)} />
          <Field label={t('contract.termMonths')} path="termMonths" type="number" min={1} required value={termMonths} onChange={(e) => setTermMonths(e.target.value)} />
          <Field label={t('contract.seats')} path="seats" type="number" min={1} required value={seats} onChange={(e) => setSeats(e.target.value)} />
        </div>
      </ApiForm>
    </section>
  );
}
