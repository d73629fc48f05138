/**
 * Staff: the incidents board (issue 16). Open incidents first, then resolved ones; open one while
 * it happens (all contracts or named ones), correct it while open, resolve it — its outage
 * records then credit the next bills. /incidents/:id is one incident, bookmarkable.
 */
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useLocation } from 'wouter';
import { api, unwrap, type Schemas } from '../api/client';
import { formatInstant, shanghaiInstant } from '../format';
import { useI18n } from '../i18n';
import { ActionForm } from './ActionForm';
import { Dl, Empty, Field, Loading, Notice, ProblemBanner, QueryFailure, Select, TableWrap, useEnum } from '../ui';

type Incident = Schemas['Incident'];
const CAUSES = ['provider', 'tenant', 'maintenance'] as const;
const SEVERITIES = ['major', 'minor'] as const;

export function Incidents() {
  const { t } = useI18n();
  const open = useQuery({ queryKey: ['incidents', 'open'], queryFn: () => unwrap(api.GET('/v1/incidents', { params: { query: { status: 'open', limit: 100 } } })) });
  const resolved = useQuery({ queryKey: ['incidents', 'resolved'], queryFn: () => unwrap(api.GET('/v1/incidents', { params: { query: { status: 'resolved', limit: 20 } } })) });
  return (
    <main id="main">
      <h1>{t('incidents.title')}</h1>
      <OpenIncident />
      <h2>{t('incidents.open')}</h2>
      <ProblemBanner error={open.error} />
      {open.isPending ? <Loading /> : <IncidentTable rows={open.data?.data ?? []} label={t('incidents.open')} />}
      <h2>{t('incidents.resolved')}</h2>
      {resolved.isPending ? <Loading /> : <IncidentTable rows={resolved.data?.data ?? []} label={t('incidents.resolved')} />}
    </main>
  );
}

function IncidentTable({ rows, label: caption }: { rows: Incident[]; label: string }) {
  const { t } = useI18n();
  const label = useEnum();
  if (rows.length === 0) return <Empty />;
  return (
    <TableWrap label={caption}>
      <thead>
        <tr>
          <th scope="col">{t('incidents.startedAt')}</th>
          <th scope="col">{t('incidents.severity')}</th>
          <th scope="col">{t('incidents.cause')}</th>
          <th scope="col">{t('incidents.description')}</th>
          <th scope="col">{t('incidents.contracts')}</th>
          <th scope="col">{t('incidents.endedAt')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((i) => (
          <tr key={i.id}>
            <td>
              <Link href={`/incidents/${i.id}`}>{i.startedAt ? formatInstant(i.startedAt) : '—'}</Link>
            </td>
            <td>{label('incidents.severity', i.severity)}</td>
            <td>{label('incidents.cause', i.cause)}</td>
            <td>{i.description}</td>
            <td>{i.scope === 'all' ? t('incidents.scopeAll') : String(i.contracts?.length ?? 0)}</td>
            <td>{i.endedAt ? formatInstant(i.endedAt) : '—'}</td>
          </tr>
        ))}
      </tbody>
    </TableWrap>
  );
}

function OpenIncident() {
  const { t } = useI18n();
  const client = useQueryClient();
  const [, navigate] = useLocation();
  const [form, setForm] = useState({ startedAt: '', cause: 'provider', severity: 'minor', description: '', contractIds: '' });
  const create = useMutation({
    mutationFn: () => {
      const ids = form.contractIds
        .split(/[\s,]+/)
        .map((s) => s.trim())
        .filter(Boolean);
      return unwrap(
        api.POST('/v1/incidents', {
          body: {
            startedAt: shanghaiInstant(form.startedAt),
            cause: form.cause as (typeof CAUSES)[number],
            severity: form.severity as (typeof SEVERITIES)[number],
            description: form.description,
            scope: ids.length ? { contractIds: ids } : 'all',
          },
        }),
      );
    },
    onSuccess: (i) => {
      void client.invalidateQueries({ queryKey: ['incidents'] });
      navigate(`/incidents/${i.id}`);
    },
  });
  return (
    <section aria-labelledby="open-incident">
      <h2 id="open-incident">{t('incidents.new')}</h2>
      <p className="muted">{t('incidents.newHint')}</p>
      <ActionForm run={() => create.mutate()} error={create.error}>
        <div className="grid">
          <Field label={t('incidents.startedAt')} path="startedAt" error={create.error} type="datetime-local" required value={form.startedAt} onChange={(e) => setForm({ ...form, startedAt: e.target.value })} />
          <Select label={t('incidents.cause')} path="cause" error={create.error} value={form.cause} onChange={(e) => setForm({ ...form, cause: e.target.value })} options={CAUSES.map((c) => ({ value: c, label: t(`incidents.cause.${c}`) }))} />
          <Select
            label={t('incidents.severity')}
            path="severity"
            error={create.error}
            value={form.severity}
            onChange={(e) => setForm({ ...form, severity: e.target.value })}
            options={SEVERITIES.map((s) => ({ value: s, label: t(`incidents.severity.${s}`) }))}
          />
          <Field label={t('incidents.description')} path="description" error={create.error} required value={form.description} onChange={(e) => setForm({ ...form, description: e.target.value })} />
          <Field
            label={t('incidents.contractIds')}
            hint={t('incidents.contractIdsHint')}
            path="scope"
            error={create.error}
            value={form.contractIds}
            onChange={(e) => setForm({ ...form, contractIds: e.target.value })}
          />
        </div>
        <button type="submit" disabled={create.isPending}>
          {t('incidents.openAction')}
        </button>
      </ActionForm>
    </section>
  );
}

export function IncidentDetail({ id }: { id: string }) {
  const { t } = useI18n();
  const label = useEnum();
  const client = useQueryClient();
  const incident = useQuery({ queryKey: ['incident', id], queryFn: () => unwrap(api.GET('/v1/incidents/{id}', { params: { path: { id } } })), retry: false });
  const [description, setDescription] = useState<string | null>(null);
  const [severity, setSeverity] = useState<string | null>(null);
  const [endedAt, setEndedAt] = useState('');
  const refresh = () => {
    void client.invalidateQueries({ queryKey: ['incident', id] });
    void client.invalidateQueries({ queryKey: ['incidents'] });
  };
  const update = useMutation({
    mutationFn: () =>
      unwrap(
        api.PATCH('/v1/incidents/{id}', {
          params: { path: { id } },
          body: { ...(description !== null ? { description } : {}), ...(severity !== null ? { severity: severity as (typeof SEVERITIES)[number] } : {}) },
        }),
      ),
    onSuccess: refresh,
  });
  const resolve = useMutation({
    mutationFn: () => unwrap(api.POST('/v1/incidents/{id}/resolve', { params: { path: { id } }, body: { endedAt: shanghaiInstant(endedAt) } })),
    onSuccess: refresh,
  });
  if (incident.isPending) return <Loading />;
  if (incident.error) return <QueryFailure error={incident.error} />;
  const i = incident.data;
  return (
    <main id="main">
      <h1>
        {t('incidents.one')} · {label('incidents.status', i.status)}
      </h1>
      <Dl
        items={[
          [t('incidents.startedAt'), i.startedAt ? formatInstant(i.startedAt) : '—'],
          [t('incidents.endedAt'), i.endedAt ? formatInstant(i.endedAt) : '—'],
          [t('incidents.severity'), label('incidents.severity', i.severity)],
          [t('incidents.cause'), label('incidents.cause', i.cause)],
          [t('incidents.description'), i.description ?? ''],
        ]}
      />
      <h2>{t('incidents.contracts')}</h2>
      <TableWrap label={t('incidents.contracts')}>
        <thead>
          <tr>
            <th scope="col">{t('incidents.contract')}</th>
            <th scope="col" className="num">
              {t('incidents.seatsAffected')}
            </th>
            <th scope="col">{t('incidents.outage')}</th>
          </tr>
        </thead>
        <tbody>
          {(i.contracts ?? []).map((c) => (
            <tr key={c.contractId}>
              <td>
                <Link href={`/contracts/${c.contractId}`}>{c.contractId}</Link>
              </td>
              <td className="num">{c.seatsAffected}</td>
              <td>{c.outageId ? t('incidents.outageRecorded') : '—'}</td>
            </tr>
          ))}
        </tbody>
      </TableWrap>
      {i.status === 'open' ? (
        <>
          <section aria-labelledby="update-incident">
            <h2 id="update-incident">{t('incidents.update')}</h2>
            <ActionForm run={() => update.mutate()} error={update.error}>
              <div className="grid">
                <Field label={t('incidents.description')} path="description" error={update.error} value={description ?? i.description ?? ''} onChange={(e) => setDescription(e.target.value)} />
                <Select
                  label={t('incidents.severity')}
                  path="severity"
                  error={update.error}
                  value={severity ?? i.severity ?? 'minor'}
                  onChange={(e) => setSeverity(e.target.value)}
                  options={SEVERITIES.map((s) => ({ value: s, label: t(`incidents.severity.${s}`) }))}
                />
              </div>
              {update.isSuccess ? <Notice>{t('incidents.updated')}</Notice> : null}
              <button type="submit" disabled={update.isPending}>
                {t('common.save')}
              </button>
            </ActionForm>
          </section>
          <section aria-labelledby="resolve-incident">
            <h2 id="resolve-incident">{t('incidents.resolve')}</h2>
            <p className="muted">{t('incidents.resolveHint')}</p>
            <ActionForm run={() => resolve.mutate()} error={resolve.error}>
              <Field label={t('incidents.endedAt')} path="endedAt" error={resolve.error} type="datetime-local" required value={endedAt} onChange={(e) => setEndedAt(e.target.value)} />
              <button type="submit" disabled={resolve.isPending}>
                {t('incidents.resolveAction')}
              </button>
            </ActionForm>
          </section>
        </>
      ) : (
        <Notice>{t('incidents.resolvedNotice')}</Notice>
      )}
    </main>
  );
}
