/** Tenants: search (GET /v1/tenants?q=, API.md Lists), create, and each tenant's page. */
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useLocation, useSearch } from 'wouter';
import { api, unwrap } from '../api/client';
import { useI18n } from '../i18n';
import { Empty, Field, Loading, Money, ProblemBanner, QueryFailure, Select, TableWrap, useEnum, Dl } from '../ui';
import { useToday } from '../today';
import { monthOf } from '../format';

export function Tenants() {
  const { t } = useI18n();
  const search = new URLSearchParams(useSearch());
  const [, navigate] = useLocation();
  const q = search.get('q') ?? '';
  const [text, setText] = useState(q);
  const list = useQuery({
    queryKey: ['tenants', q],
    queryFn: () => unwrap(api.GET('/v1/tenants', { params: { query: { q: q || undefined, limit: 50 } } })),
    retry: false,
  });
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
      {list.isPending ? <Loading /> : null}
      {list.error ? <p className="muted">{t('common.unavailable', { detail: (list.error as Error).message })}</p> : null}
      {list.data ? (
        list.data.data.length === 0 ? (
          <Empty />
        ) : (
          <TableWrap label={t('tenants.title')}>
            <thead>
              <tr>
                <th scope="col">{t('tenants.name')}</th>
                <th scope="col">{t('tenants.emails')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.data.map((tenant) => (
                <tr key={tenant.id}>
                  <td>
                    <Link href={`/tenants/${tenant.id}`}>{tenant.name}</Link>
                  </td>
                  <td>{tenant.billingEmails.join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </TableWrap>
        )
      ) : null}
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
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <section aria-labelledby="create-tenant">
      <h2 id="create-tenant">{t('tenants.create')}</h2>
      <form onSubmit={submit} noValidate>
        <ProblemBanner error={create.error} />
        <Field label={t('tenants.name')} path="name" error={create.error} required value={name} onChange={(e) => setName(e.target.value)} />
        <Field
          label={t('tenants.emails')}
          hint={t('tenants.emailsHint')}
          path="billingEmails"
          error={create.error}
          type="text"
          inputMode="email"
          required
          value={emails}
          onChange={(e) => setEmails(e.target.value)}
        />
        <button type="submit" disabled={create.isPending}>
          {t('tenants.create')}
        </button>
      </form>
    </section>
  );
}

export function TenantDetail({ id }: { id: string }) {
  const { t } = useI18n();
  const label = useEnum();
  const tenant = useQuery({ queryKey: ['tenant', id], queryFn: () => unwrap(api.GET('/v1/tenants/{id}', { params: { path: { id } } })) });
  const contracts = useQuery({ queryKey: ['contracts', id], queryFn: () => unwrap(api.GET('/v1/contracts', { params: { query: { tenantId: id } } })) });
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
      <ProblemBanner error={contracts.error} />
      {contracts.data && contracts.data.data.length === 0 ? <Empty /> : null}
      {contracts.data && contracts.data.data.length > 0 ? (
        <TableWrap label={t('tenant.contracts')}>
          <thead>
            <tr>
              <th scope="col">{t('contract.term')}</th>
              <th scope="col">{t('contract.status')}</th>
              <th scope="col">{t('contract.liveSeats')}</th>
              <th scope="col">{t('contract.seatFee')}</th>
            </tr>
          </thead>
          <tbody>
            {contracts.data.data.map((c) => (
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
            ))}
          </tbody>
        </TableWrap>
      ) : null}
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
            label={t('contract.tier')}
            path="seatTier"
            error={create.error}
            value={tier}
            onChange={(e) => setTier(e.target.value as typeof tier)}
            options={(['province', 'prefecture', 'county'] as const).map((v) => ({ value: v, label: t(`contract.tier.${v}`) }))}
          />
          <Field label={t('contract.openingDate')} path="openingDate" error={create.error} type="date" required value={openingDate} onChange={(e) => setOpeningDate(e.target.value)} />
          <Field label={t('contract.startMonth')} path="startMonth" error={create.error} type="month" placeholder="2027-03" value={startMonth} onChange={(e) => setStartMonth(e.target.value)} />
          <Field label={t('contract.termMonths')} path="termMonths" error={create.error} type="number" min={1} required value={termMonths} onChange={(e) => setTermMonths(e.target.value)} />
          <Field label={t('contract.seats')} path="seats" error={create.error} type="number" min={1} required value={seats} onChange={(e) => setSeats(e.target.value)} />
        </div>
        <button type="submit" disabled={create.isPending}>
          {t('tenant.newContract')}
        </button>
      </form>
    </section>
  );
}
