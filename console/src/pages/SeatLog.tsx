/**
 * The seat shift log (issue 16), kept by the tenant's supervisor on duty: seats opened and
 * closed by the agent account, a seat that failed to open (which can become an incident), and
 * the handover at a shift change — written, with notes, while an incident is open or a matter
 * is unresolved (the API says so next to the notes field). /seat-log/:contractId per contract;
 * the incidents affecting the supervisor's tenant are shown above.
 */
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useLocation } from 'wouter';
import { api, unwrap, type Schemas } from '../api/client';
import { formatInstant, shanghaiInstant } from '../format';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { ActionForm } from './ActionForm';
import { Empty, Field, Loading, Notice, ProblemBanner, QueryFailure, Select, TableWrap, useEnum } from '../ui';

const KINDS = ['open', 'close', 'open_failed', 'handover'] as const;
type Kind = (typeof KINDS)[number];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** /seat-log: which contract's log (a supervisor is given its contract's id). */
export function SeatLogStart() {
  const { t } = useI18n();
  const [, navigate] = useLocation();
  const [id, setId] = useState('');
  const [error, setError] = useState<string | undefined>();
  return (
    <main id="main">
      <h1>{t('seatLog.title')}</h1>
      <TenantIncidents />
      <form
        className="inline"
        onSubmit={(e) => {
          e.preventDefault();
          if (!UUID.test(id.trim())) return setError(t('seatLog.contractInvalid'));
          navigate(`/seat-log/${id.trim().toLowerCase()}`);
        }}
        noValidate
      >
        <Field label={t('seatLog.contractId')} path="contractId" localError={error} required value={id} onChange={(e) => setId(e.target.value)} />
        <button type="submit">{t('seatLog.openLog')}</button>
      </form>
    </main>
  );
}

/** The open incidents that touch this tenant's contracts (tenant roles: their own). */
function TenantIncidents() {
  const { t } = useI18n();
  const label = useEnum();
  const { session } = useSession();
  const tenantId = session?.tenantId;
  const list = useQuery({
    queryKey: ['tenant-incidents', tenantId],
    queryFn: () => unwrap(api.GET('/v1/tenants/{id}/incidents', { params: { path: { id: tenantId! } } })),
    enabled: Boolean(tenantId),
  });
  if (!tenantId || !list.data) return null;
  const open = (list.data.data ?? []).filter((i) => i.status === 'open');
  if (open.length === 0) return null;
  return (
    <div className="problem" role="status">
      <strong>{t('seatLog.openIncidents')}</strong>
      <ul>
        {open.map((i) => (
          <li key={i.id}>
            {i.startedAt ? formatInstant(i.startedAt) : ''} · {label('incidents.severity', i.severity)} · {i.description}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function SeatLog({ contractId }: { contractId: string }) {
  const { t } = useI18n();
  const label = useEnum();
  const client = useQueryClient();
  const log = useQuery({
    queryKey: ['seat-log', contractId],
    queryFn: () => unwrap(api.GET('/v1/contracts/{id}/seat-log', { params: { path: { id: contractId }, query: { limit: 100 } } })),
    retry: false,
  });
  const toIncident = useMutation({
    mutationFn: (entryId: string) => unwrap(api.POST('/v1/seat-log/{id}/incident', { params: { path: { id: entryId } }, body: {} })),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['seat-log', contractId] });
      void client.invalidateQueries({ queryKey: ['tenant-incidents'] });
    },
  });
  if (log.isPending) return <Loading />;
  if (log.error) return <QueryFailure error={log.error} />;
  return (
    <main id="main">
      <h1>{t('seatLog.title')}</h1>
      <TenantIncidents />
      <RecordEntry contractId={contractId} />
      <h2>{t('seatLog.entries')}</h2>
      <ProblemBanner error={toIncident.error} />
      {toIncident.isSuccess ? <Notice>{t('seatLog.incidentOpened')}</Notice> : null}
      {(log.data.data ?? []).length === 0 ? (
        <Empty />
      ) : (
        <TableWrap label={t('seatLog.entries')}>
          <thead>
            <tr>
              <th scope="col">{t('seatLog.at')}</th>
              <th scope="col">{t('seatLog.shift')}</th>
              <th scope="col">{t('seatLog.kind')}</th>
              <th scope="col">{t('seatLog.seat')}</th>
              <th scope="col">{t('seatLog.agentAccount')}</th>
              <th scope="col">{t('seatLog.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {(log.data.data ?? []).map((e) => (
              <tr key={e.id}>
                <td>{e.at ? formatInstant(e.at) : '—'}</td>
                <td>
                  {e.shiftDate} {e.shift}
                </td>
                <td>{label('seatLog.kind', e.kind)}</td>
                <td>{e.seat ?? '—'}</td>
                <td>{e.agentAccount ?? '—'}</td>
                <td>
                  {e.kind === 'open_failed' ? (
                    <button type="button" className="link-button" disabled={toIncident.isPending} onClick={() => toIncident.mutate(e.id!)}>
                      {t('seatLog.toIncident')}
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </TableWrap>
      )}
    </main>
  );
}

function RecordEntry({ contractId }: { contractId: string }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const [form, setForm] = useState({ kind: 'open' as Kind, seat: '', at: '', agentAccount: '', reason: '', toAgentAccount: '', mode: 'oral', notes: '', unresolvedMatters: false });
  const set = (patch: Partial<typeof form>) => setForm({ ...form, ...patch });
  const record = useMutation({
    mutationFn: () => {
      const at = shanghaiInstant(form.at);
      let body: Schemas['SeatLogCreate'];
      if (form.kind === 'handover') {
        body = {
          kind: 'handover',
          at,
          agentAccount: form.agentAccount,
          toAgentAccount: form.toAgentAccount,
          mode: form.mode as 'oral' | 'written',
          ...(form.notes ? { notes: form.notes } : {}),
          unresolvedMatters: form.unresolvedMatters,
        };
      } else if (form.kind === 'open_failed') body = { kind: 'open_failed', seat: form.seat, at, agentAccount: form.agentAccount, reason: form.reason };
      else body = { kind: form.kind, seat: form.seat, at, agentAccount: form.agentAccount };
      return unwrap(api.POST('/v1/contracts/{id}/seat-log', { params: { path: { id: contractId } }, body }));
    },
    onSuccess: () => void client.invalidateQueries({ queryKey: ['seat-log', contractId] }),
  });
  return (
    <section aria-labelledby="record-entry">
      <h2 id="record-entry">{t('seatLog.record')}</h2>
      <p className="muted">{t('seatLog.handoverRule')}</p>
      <ActionForm run={() => record.mutate()} error={record.error}>
        <div className="grid">
          <Select label={t('seatLog.kind')} path="kind" error={record.error} value={form.kind} onChange={(e) => set({ kind: e.target.value as Kind })} options={KINDS.map((k) => ({ value: k, label: t(`seatLog.kind.${k}`) }))} />
          <Field label={t('seatLog.at')} path="at" error={record.error} type="datetime-local" required value={form.at} onChange={(e) => set({ at: e.target.value })} />
          {form.kind !== 'handover' ? <Field label={t('seatLog.seat')} path="seat" error={record.error} required value={form.seat} onChange={(e) => set({ seat: e.target.value })} /> : null}
          <Field
            label={form.kind === 'handover' ? t('seatLog.handingOver') : t('seatLog.agentAccount')}
            path="agentAccount"
            error={record.error}
            required
            value={form.agentAccount}
            onChange={(e) => set({ agentAccount: e.target.value })}
          />
          {form.kind === 'open_failed' ? <Field label={t('seatLog.reason')} path="reason" error={record.error} required value={form.reason} onChange={(e) => set({ reason: e.target.value })} /> : null}
          {form.kind === 'handover' ? (
            <>
              <Field label={t('seatLog.takingOver')} path="toAgentAccount" error={record.error} required value={form.toAgentAccount} onChange={(e) => set({ toAgentAccount: e.target.value })} />
              <Select
                label={t('seatLog.mode')}
                path="mode"
                error={record.error}
                value={form.mode}
                onChange={(e) => set({ mode: e.target.value })}
                options={[
                  { value: 'oral', label: t('seatLog.mode.oral') },
                  { value: 'written', label: t('seatLog.mode.written') },
                ]}
              />
              <Field label={t('seatLog.notes')} path="notes" error={record.error} value={form.notes} onChange={(e) => set({ notes: e.target.value })} />
              <div className="field checkbox">
                <label>
                  <input type="checkbox" checked={form.unresolvedMatters} onChange={(e) => set({ unresolvedMatters: e.target.checked })} /> {t('seatLog.unresolved')}
                </label>
              </div>
            </>
          ) : null}
        </div>
        {record.isSuccess ? <Notice>{t('seatLog.recorded')}</Notice> : null}
        <button type="submit" disabled={record.isPending}>
          {t('seatLog.recordAction')}
        </button>
      </ActionForm>
    </section>
  );
}
