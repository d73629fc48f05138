/**
 * API keys (staff): the list (never a token; keyset "load more"; ?revoked= in the URL), creating
 * one — its token is shown once, here, and never again — and revoking one (a second click
 * confirms; the API keeps the last active staff key).
 */
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useSearch } from 'wouter';
import { api, unwrap, type Schemas } from '../api/client';
import { ApiForm } from '../form';
import { formatInstant } from '../format';
import { useI18n } from '../i18n';
import { KeysetTable, useKeysetList } from '../paging';
import { Field, ProblemBanner, Select } from '../ui';

type Role = Schemas['Role'];
const ROLES: Role[] = ['staff', 'tenant_finance', 'tenant_supervisor', 'agent', 'scheduler'];
const TENANT_ROLES = new Set<Role>(['tenant_finance', 'tenant_supervisor', 'agent']);

export function ApiKeys() {
  const { t } = useI18n();
  const search = new URLSearchParams(useSearch());
  const revokedParam = search.get('revoked');
  const revoked = revokedParam === 'true' || revokedParam === 'false' ? revokedParam : undefined;
  const list = useKeysetList(['api-keys', revoked], (cursor) => unwrap(api.GET('/v1/api-keys', { params: { query: { cursor, limit: 50, revoked } } })));
  const tenants = useQuery({ queryKey: ['tenants', '', 'keys'], queryFn: () => unwrap(api.GET('/v1/tenants', { params: { query: { limit: 200 } } })) });
  const tenantName = new Map((tenants.data?.data ?? []).map((x) => [x.id, x.name]));
  return (
    <main id="main">
      <h1>{t('keys.title')}</h1>
      <CreateKey tenants={tenants.data?.data ?? []} />
      <h2>{t('keys.list')}</h2>
      <p className="links">
        <Link href="/api-keys" aria-current={revoked === undefined ? 'page' : undefined}>{t('common.all')}</Link>
        <Link href="/api-keys?revoked=false" aria-current={revoked === 'false' ? 'page' : undefined}>{t('keys.active')}</Link>
        <Link href="/api-keys?revoked=true" aria-current={revoked === 'true' ? 'page' : undefined}>{t('keys.revoked')}</Link>
      </p>
      <KeysetTable
        list={list}
        label={t('keys.list')}
        head={
          <>
            <th scope="col">{t('keys.name')}</th>
            <th scope="col">{t('keys.role')}</th>
            <th scope="col">{t('keys.tenant')}</th>
            <th scope="col">{t('keys.createdAt')}</th>
            <th scope="col">{t('keys.state')}</th>
          </>
        }
        row={(k) => (
          <tr key={k.id}>
            <td>{k.name}</td>
            <td>{t(`role.${k.role}`)}</td>
            <td>{k.tenantId ? <Link href={`/tenants/${k.tenantId}`}>{tenantName.get(k.tenantId) ?? k.tenantId}</Link> : '—'}</td>
            <td>{formatInstant(k.createdAt)}</td>
            <td>{k.revokedAt ? t('keys.revokedAt', { at: formatInstant(k.revokedAt) }) : <Revoke apiKey={k} />}</td>
          </tr>
        )}
      />
    </main>
  );
}

function CreateKey({ tenants }: { tenants: Array<{ id: string; name: string }> }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('tenant_finance');
  const [tenantId, setTenantId] = useState('');
  const [agentId, setAgentId] = useState('');
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/v1/api-keys', {
          body: {
            name: name.trim(),
            role,
            ...(TENANT_ROLES.has(role) ? { tenantId: tenantId || tenants[0]?.id || '' } : {}),
            ...(role === 'agent' ? { agentId: agentId.trim() } : {}),
          },
        }),
      ),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['api-keys'] }),
  });
  return (
    <section aria-labelledby="create-key">
      <h2 id="create-key">{t('keys.create')}</h2>
      <div className="rules">
        <p>{t('keys.rule')}</p>
      </div>
      <ApiForm state={create} onSubmit={() => create.mutate()} submitLabel={t('keys.create')}>
        <div className="grid">
          <Field label={t('keys.name')} path="name" required value={name} onChange={(e) => setName(e.target.value)} />
          <Select label={t('keys.role')} path="role" value={role} onChange={(e) => setRole(e.target.value as Role)} options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
          {TENANT_ROLES.has(role) ? (
            <Select
              label={t('keys.tenant')}
              path="tenantId"
              value={tenantId || tenants[0]?.id || ''}
              onChange={(e) => setTenantId(e.target.value)}
              options={tenants.length ? tenants.map((x) => ({ value: x.id, label: x.name })) : [{ value: '', label: t('common.none') }]}
            />
          ) : null}
          {role === 'agent' ? <Field label={t('keys.agentId')} path="agentId" value={agentId} onChange={(e) => setAgentId(e.target.value)} /> : null}
        </div>
      </ApiForm>
      {create.isSuccess && create.data.token ? (
        <div className="token" role="status">
          <p>
            <strong>{t('keys.created', { name: create.data.name })}</strong>
          </p>
          <p>{t('keys.onceOnly')}</p>
          <p>
            <code className="secret" aria-label={t('keys.token')}>
              {create.data.token}
            </code>
          </p>
        </div>
      ) : null}
    </section>
  );
}

function Revoke({ apiKey }: { apiKey: { id: string; name: string } }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const revoke = useMutation({
    mutationFn: () => unwrap(api.DELETE('/v1/api-keys/{id}', { params: { path: { id: apiKey.id } } })),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['api-keys'] }),
  });
  return (
    <span className="revoke">
      {t('keys.activeNow')}{' '}
      {confirming ? (
        <>
          <button type="button" className="danger" disabled={revoke.isPending} onClick={() => revoke.mutate()}>
            {t('keys.confirmRevoke', { name: apiKey.name })}
          </button>{' '}
          <button type="button" className="secondary" onClick={() => setConfirming(false)}>
            {t('keys.cancel')}
          </button>
        </>
      ) : (
        <button type="button" className="secondary" onClick={() => setConfirming(true)}>
          {t('keys.revoke')}
        </button>
      )}
      <ProblemBanner error={revoke.error} />
    </span>
  );
}
