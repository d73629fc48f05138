/**
 * Staff actions on a contract, each on a page of its own (bookmarkable: /contracts/:id/…):
 * force majeure, termination, renewal, transfer, one-off charge or credit, excusing a late
 * seat opening, and the contract's audit trail. Each form says the contract's rule before it
 * is submitted; where the change moves money, the API's preview of the next bill is shown
 * before, and before → after once the API has stored the change.
 */
import { useState, type ReactNode } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'wouter';
import { FilterForm, useUrlFilters } from '../filters';
import { api, unwrap, type Schemas } from '../api/client';
import { ApiForm } from '../form';
import { formatFen, formatInstant, parseYuan, shanghaiInstant } from '../format';
import { useI18n } from '../i18n';
import { KeysetTable, LoadMore, useKeysetList } from '../paging';
import { CostPreview, useCostPreview, useNextBillPeriod } from '../preview';
import { useToday } from '../today';
import { Dl, Field, Loading, Money, QueryFailure, Select, TableWrap, useEnum } from '../ui';

type Contract = Schemas['Contract'];

function useContract(id: string) {
  return useQuery({ queryKey: ['contract', id], queryFn: () => unwrap(api.GET('/v1/contracts/{id}', { params: { path: { id } } })) });
}

/** Invalidates what a change to a contract may have changed. */
function useContractChanged(id: string) {
  const client = useQueryClient();
  return () => {
    for (const key of ['contract', 'seat-orders', 'outages', 'force-majeure', 'audit', 'upcoming', 'contracts']) void client.invalidateQueries({ queryKey: [key] });
    void client.invalidateQueries({ queryKey: ['contract', id] });
  };
}

/** The frame of an action page: the contract it acts on, a way back, the rule, the form. */
function ActionFrame({ id, title, children }: { id: string; title: string; children: (c: Contract) => ReactNode }) {
  const { t } = useI18n();
  const label = useEnum();
  const contract = useContract(id);
  if (contract.isPending) return <Loading />;
  if (contract.error) return <QueryFailure error={contract.error} />;
  const c = contract.data;
  return (
    <main id="main">
      <p className="crumbs">
        <Link href={`/contracts/${id}`}>
          ← {c.number ?? t('contract.title')} · {c.tenantName ?? ''}
        </Link>
      </p>
      <h1>{title}</h1>
      <Dl
        items={[
          [t('contract.status'), label('contract.status', c.status)],
          [t('contract.term'), t('contract.termValue', { start: c.startMonth, months: c.termMonths, end: c.endDate })],
          [t('contract.liveSeats'), String(c.liveSeats)],
          [t('staff.monthlyFee'), <Money key="m" fen={c.monthlyFee ?? c.seatFee + c.circuitFee} />],
        ]}
      />
      {children(c)}
    </main>
  );
}

function Rules({ children }: { children: ReactNode }) {
  return <div className="rules">{children}</div>;
}

// ——— Force majeure (§7) ———

export function ForceMajeurePage({ id }: { id: string }) {
  const { t } = useI18n();
  return (
    <ActionFrame id={id} title={t('fm.title')}>
      {() => (
        <>
          <ForceMajeureList contractId={id} />
          <ForceMajeureForm contractId={id} />
        </>
      )}
    </ActionFrame>
  );
}

function ForceMajeureList({ contractId }: { contractId: string }) {
  const { t } = useI18n();
  const label = useEnum();
  const list = useKeysetList(['force-majeure', contractId], (cursor) => unwrap(api.GET('/v1/force-majeure', { params: { query: { contractId, cursor, limit: 20 } } })));
  return (
    <section aria-labelledby="fm-list">
      <h2 id="fm-list">{t('fm.list')}</h2>
      <KeysetTable
        list={list}
        label={t('fm.list')}
        head={
          <>
            <th scope="col">{t('outages.startedAt')}</th>
            <th scope="col">{t('outages.endedAt')}</th>
            <th scope="col">{t('fm.noticeGivenOn')}</th>
            <th scope="col">{t('fm.claimedBy')}</th>
            <th scope="col">{t('fm.description')}</th>
            <th scope="col">{t('fm.honoured')}</th>
          </>
        }
        row={(f) => (
          <tr key={f.id}>
            <td>{formatInstant(f.startedAt)}</td>
            <td>{formatInstant(f.endedAt)}</td>
            <td>{f.noticeGivenOn}</td>
            <td>{label('fm.claimedBy', f.claimedBy)}</td>
            <td>{f.description ?? '—'}</td>
            <td>{f.honoured === false ? t('fm.notHonoured') : t('fm.isHonoured')}</td>
          </tr>
        )}
      />
    </section>
  );
}

function ForceMajeureForm({ contractId }: { contractId: string }) {
  const { t } = useI18n();
  const today = useToday();
  const changed = useContractChanged(contractId);
  const cost = useCostPreview(contractId, useNextBillPeriod(contractId));
  const [f, setF] = useState({ startedAt: '', endedAt: '', noticeGivenOn: '', claimedBy: 'provider' as 'provider' | 'tenant', description: '', scope: 'this' as 'this' | 'all' });
  const record = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/v1/force-majeure', {
          body: {
            startedAt: shanghaiInstant(f.startedAt),
            endedAt: shanghaiInstant(f.endedAt),
            noticeGivenOn: f.noticeGivenOn || today,
            claimedBy: f.claimedBy,
            description: f.description.trim(),
            ...(f.scope === 'this' ? { contractIds: [contractId] } : {}),
          },
        }),
      ),
    onMutate: cost.snapshot,
    onSuccess: changed,
  });
  return (
    <section aria-labelledby="fm-form">
      <h2 id="fm-form">{t('fm.record')}</h2>
      <Rules>
        <p>{t('fm.rule.credit')}</p>
        <p>{t('fm.rule.notice')}</p>
        <p>{t('fm.rule.outages')}</p>
      </Rules>
      <ApiForm state={record} onSubmit={() => record.mutate()} submitLabel={t('fm.record')} success={t('fm.created')} footer={<CostPreview cost={cost} done={record.isSuccess} />}>
        <div className="grid">
          <Field label={t('outages.startedAt')} path="startedAt" type="datetime-local" required value={f.startedAt} onChange={(e) => setF({ ...f, startedAt: e.target.value })} />
          <Field label={t('outages.endedAt')} path="endedAt" type="datetime-local" required value={f.endedAt} onChange={(e) => setF({ ...f, endedAt: e.target.value })} />
          <Field label={t('fm.noticeGivenOn')} hint={t('fm.noticeHint')} path="noticeGivenOn" type="date" required value={f.noticeGivenOn || today} onChange={(e) => setF({ ...f, noticeGivenOn: e.target.value })} />
          <Select
            label={t('fm.claimedBy')}
            path="claimedBy"
            value={f.claimedBy}
            onChange={(e) => setF({ ...f, claimedBy: e.target.value as 'provider' | 'tenant' })}
            options={(['provider', 'tenant'] as const).map((v) => ({ value: v, label: t(`fm.claimedBy.${v}`) }))}
          />
          <Select
            label={t('fm.scope')}
            path="contractIds"
            value={f.scope}
            onChange={(e) => setF({ ...f, scope: e.target.value as 'this' | 'all' })}
            options={[
              { value: 'this', label: t('fm.scope.this') },
              { value: 'all', label: t('fm.scope.all') },
            ]}
          />
          <Field label={t('fm.description')} path="description" required value={f.description} onChange={(e) => setF({ ...f, description: e.target.value })} />
        </div>
      </ApiForm>
    </section>
  );
}

// ——— Termination (§9.1, §8.X2, §9.2) ———

const TERMINATION_KINDS = ['mutual', 'tenant_breach', 'provider_breach', 'for_cause'] as const;
type TerminationKind = (typeof TERMINATION_KINDS)[number];

/** The damages' formula with this contract's numbers; the amount only when no rounding is involved (the final bill rounds). */
function damagesText(c: Contract, t: ReturnType<typeof useI18n>['t']): string {
  const fee = c.monthlyFee ?? c.seatFee + c.circuitFee;
  const product = BigInt(fee) * BigInt(c.liveSeats) * BigInt(c.termMonths) * 20n;
  const formula = t('terminate.damagesFormula', { seats: c.liveSeats, fee: formatFen(fee), months: c.termMonths });
  return product % 100n === 0n ? `${formula} = ${formatFen(Number(product / 100n))}` : formula;
}

export function TerminatePage({ id }: { id: string }) {
  const { t } = useI18n();
  return <ActionFrame id={id} title={t('terminate.title')}>{(c) => <TerminateForm contract={c} />}</ActionFrame>;
}

function TerminateForm({ contract: c }: { contract: Contract }) {
  const { t } = useI18n();
  const label = useEnum();
  const today = useToday();
  const changed = useContractChanged(c.id);
  const [kind, setKind] = useState<TerminationKind>('mutual');
  const [noticeDate, setNoticeDate] = useState('');
  const [effectiveDate, setEffectiveDate] = useState('');
  const [reason, setReason] = useState('');
  const terminate = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/v1/contracts/{id}/terminations', {
          params: { path: { id: c.id } },
          body: { kind, noticeDate: noticeDate || today, effectiveDate, ...(reason.trim() ? { reason: reason.trim() } : {}) },
        }),
      ),
    onSuccess: changed,
  });
  if (c.termination) {
    return (
      <section>
        <h2>{t('terminate.existing')}</h2>
        <Dl
          items={[
            [t('terminate.kind'), label('terminate.kind', c.termination.kind)],
            [t('terminate.noticeDate'), c.termination.noticeDate],
            [t('terminate.effectiveDate'), c.termination.effectiveDate],
            [t('terminate.reason'), c.termination.reason ?? '—'],
          ]}
        />
        {terminate.isSuccess ? <p role="status" className="notice">{t('terminate.created')}</p> : null}
      </section>
    );
  }
  return (
    <section aria-labelledby="terminate-form">
      <h2 id="terminate-form">{t('terminate.form')}</h2>
      <Rules>
        <p>{t(`terminate.rule.${kind}`)}</p>
        {kind === 'tenant_breach' || kind === 'for_cause' || kind === 'provider_breach' ? <p className="change">{t(kind === 'provider_breach' ? 'terminate.damagesCredit' : 'terminate.damagesCharge', { formula: damagesText(c, t) })}</p> : null}
        <p>{t('terminate.rule.lastMonth')}</p>
      </Rules>
      <ApiForm state={terminate} onSubmit={() => terminate.mutate()} submitLabel={t('terminate.submit')}>
        <div className="grid">
          <Select label={t('terminate.kind')} path="kind" value={kind} onChange={(e) => setKind(e.target.value as TerminationKind)} options={TERMINATION_KINDS.map((v) => ({ value: v, label: t(`terminate.kind.${v}`) }))} />
          <Field label={t('terminate.noticeDate')} path="noticeDate" type="date" required value={noticeDate || today} onChange={(e) => setNoticeDate(e.target.value)} />
          <Field label={t('terminate.effectiveDate')} path="effectiveDate" type="date" required value={effectiveDate} onChange={(e) => setEffectiveDate(e.target.value)} />
          <Field label={t('terminate.reason')} hint={kind === 'for_cause' ? t('terminate.reasonRequired') : undefined} path="reason" value={reason} onChange={(e) => setReason(e.target.value)} />
        </div>
      </ApiForm>
    </section>
  );
}

// ——— Renewal (§2.A8) ———

export function RenewPage({ id }: { id: string }) {
  const { t } = useI18n();
  return <ActionFrame id={id} title={t('renew.title')}>{(c) => <RenewForm contract={c} />}</ActionFrame>;
}

function RenewForm({ contract: c }: { contract: Contract }) {
  const { t } = useI18n();
  const changed = useContractChanged(c.id);
  const next = useNextBillPeriod(c.id);
  const [termMonths, setTermMonths] = useState('12');
  const [seatFee, setSeatFee] = useState('');
  const [effectiveMonth, setEffectiveMonth] = useState('');
  const [feeError, setFeeError] = useState<string | undefined>();
  const cost = useCostPreview(c.id, /^\d{4}-\d{2}$/.test(effectiveMonth) ? effectiveMonth : next);
  const renew = useMutation({
    mutationFn: (fee: number | undefined) =>
      unwrap(
        api.POST('/v1/contracts/{id}/renewals', {
          params: { path: { id: c.id } },
          body: { termMonths: Number(termMonths), ...(fee !== undefined ? { seatFee: fee } : {}), ...(effectiveMonth ? { effectiveMonth } : {}) },
        }),
      ),
    onMutate: cost.snapshot,
    onSuccess: changed,
  });
  return (
    <section aria-labelledby="renew-form">
      <h2 id="renew-form">{t('renew.form')}</h2>
      <Rules>
        <p>{t('renew.rule.agree', { end: c.endDate })}</p>
        <p>{t('renew.rule.price')}</p>
      </Rules>
      {c.prices && c.prices.length > 0 ? (
        <TableWrap label={t('renew.prices')}>
          <thead>
            <tr>
              <th scope="col">{t('renew.effectiveMonth')}</th>
              <th scope="col" className="num">{t('contract.seatFee')}</th>
              <th scope="col" className="num">{t('contract.circuitFee')}</th>
            </tr>
          </thead>
          <tbody>
            {c.prices.map((p) => (
              <tr key={p.effectiveMonth}>
                <td>{p.effectiveMonth}</td>
                <td className="num"><Money fen={p.seatFee} /></td>
                <td className="num"><Money fen={p.circuitFee} /></td>
              </tr>
            ))}
          </tbody>
        </TableWrap>
      ) : null}
      <ApiForm
        state={renew}
        onSubmit={() => {
          const fee = seatFee.trim() ? parseYuan(seatFee) : undefined;
          setFeeError(fee === null || (fee !== undefined && fee < 0) ? t('payments.amountInvalid') : undefined);
          if (fee !== null && !(fee !== undefined && fee < 0)) renew.mutate(fee);
        }}
        submitLabel={t('renew.submit')}
        success={t('renew.created')}
        footer={<CostPreview cost={cost} done={renew.isSuccess} />}
      >
        <div className="grid">
          <Field label={t('renew.termMonths')} path="termMonths" type="number" min={1} max={120} required value={termMonths} onChange={(e) => setTermMonths(e.target.value)} />
          <Field label={t('renew.seatFee')} hint={t('renew.seatFeeHint')} path="seatFee" localError={feeError} inputMode="decimal" value={seatFee} onChange={(e) => setSeatFee(e.target.value)} />
          <Field label={t('renew.effectiveMonth')} path="effectiveMonth" type="month" placeholder="2028-03" value={effectiveMonth} onChange={(e) => setEffectiveMonth(e.target.value)} />
        </div>
      </ApiForm>
    </section>
  );
}

// ——— Transfer (§2.B2) ———

export function TransferPage({ id }: { id: string }) {
  const { t } = useI18n();
  return <ActionFrame id={id} title={t('transfer.title')}>{(c) => <TransferForm contract={c} />}</ActionFrame>;
}

function TransferForm({ contract: c }: { contract: Contract }) {
  const { t } = useI18n();
  const changed = useContractChanged(c.id);
  const [q, setQ] = useState('');
  const [search, setSearch] = useState('');
  const [toTenantId, setToTenantId] = useState('');
  const [consentGivenOn, setConsentGivenOn] = useState('');
  const tenants = useQuery({
    queryKey: ['tenants', search, 'transfer'],
    queryFn: () => unwrap(api.GET('/v1/tenants', { params: { query: { q: search || undefined, limit: 20 } } })),
  });
  const options = (tenants.data?.data ?? []).filter((x) => x.id !== c.tenantId);
  const transfer = useMutation({
    mutationFn: () => unwrap(api.POST('/v1/contracts/{id}/transfers', { params: { path: { id: c.id } }, body: { toTenantId: toTenantId || options[0]?.id || '', ...(consentGivenOn ? { consentGivenOn } : {}) } as Schemas['TransferCreate'] })),
    onSuccess: changed,
  });
  return (
    <section aria-labelledby="transfer-form">
      <h2 id="transfer-form">{t('transfer.form')}</h2>
      <Rules>
        <p>{t('transfer.rule')}</p>
      </Rules>
      <form
        className="inline"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setSearch(q.trim());
        }}
      >
        <Field label={t('transfer.find')} path="q" type="search" value={q} onChange={(e) => setQ(e.target.value)} />
        <button type="submit" className="secondary">
          {t('common.search')}
        </button>
      </form>
      <ApiForm state={transfer} onSubmit={() => transfer.mutate()} submitLabel={t('transfer.submit')} success={t('transfer.created')}>
        <div className="grid">
          <Select
            label={t('transfer.toTenant')}
            path="toTenantId"
            value={toTenantId || options[0]?.id || ''}
            onChange={(e) => setToTenantId(e.target.value)}
            options={options.length ? options.map((x) => ({ value: x.id, label: x.name })) : [{ value: '', label: t('common.none') }]}
          />
          <Field label={t('transfer.consentGivenOn')} hint={t('transfer.consentHint')} path="consentGivenOn" type="date" value={consentGivenOn} onChange={(e) => setConsentGivenOn(e.target.value)} />
        </div>
      </ApiForm>
    </section>
  );
}

// ——— One-off charge or credit (SPEC §8) ———

export function OneOffChargePage({ id }: { id: string }) {
  const { t } = useI18n();
  return <ActionFrame id={id} title={t('charge.title')}>{(c) => <OneOffChargeForm contract={c} />}</ActionFrame>;
}

function OneOffChargeForm({ contract: c }: { contract: Contract }) {
  const { t } = useI18n();
  const changed = useContractChanged(c.id);
  const cost = useCostPreview(c.id, useNextBillPeriod(c.id));
  const [amount, setAmount] = useState('');
  const [description, setDescription] = useState('');
  const [clause, setClause] = useState('§5.1');
  const [amountError, setAmountError] = useState<string | undefined>();
  const [sent, setSent] = useState(0);
  const add = useMutation({
    mutationFn: (fen: number) =>
      unwrap(api.POST('/v1/contracts/{id}/one-off-charges', { params: { path: { id: c.id } }, body: { amount: fen, description: description.trim(), ...(clause.trim() ? { clause: clause.trim() } : {}) } })),
    onMutate: (fen) => {
      setSent(fen);
      cost.snapshot();
    },
    onSuccess: changed,
  });
  return (
    <section aria-labelledby="charge-form">
      <h2 id="charge-form">{t('charge.form')}</h2>
      <Rules>
        <p>{t('charge.rule')}</p>
      </Rules>
      <ApiForm
        state={add}
        onSubmit={() => {
          const fen = parseYuan(amount);
          setAmountError(fen === null || fen === 0 ? t('charge.amountInvalid') : undefined);
          if (fen !== null && fen !== 0) add.mutate(fen);
        }}
        submitLabel={t('charge.submit')}
        success={t('charge.created', { amount: formatFen(sent) })}
        footer={<CostPreview cost={cost} done={add.isSuccess} />}
      >
        <div className="grid">
          <Field label={t('charge.amount')} hint={t('charge.amountHint')} path="amount" localError={amountError} inputMode="decimal" required value={amount} onChange={(e) => setAmount(e.target.value)} />
          <Field label={t('charge.description')} path="description" required value={description} onChange={(e) => setDescription(e.target.value)} />
          <Field label={t('charge.clause')} hint={t('charge.clauseHint')} path="clause" value={clause} onChange={(e) => setClause(e.target.value)} />
        </div>
      </ApiForm>
    </section>
  );
}

// ——— Excusing a late opening (§8.A1) ———

export function ExcusePage({ id, orderId }: { id: string; orderId: string }) {
  const { t } = useI18n();
  return <ActionFrame id={id} title={t('excuse.title')}>{(c) => <ExcuseForm contract={c} orderId={orderId} />}</ActionFrame>;
}

function ExcuseForm({ contract: c, orderId }: { contract: Contract; orderId: string }) {
  const { t } = useI18n();
  const label = useEnum();
  const changed = useContractChanged(c.id);
  const cost = useCostPreview(c.id, useNextBillPeriod(c.id));
  const orders = useKeysetList(['seat-orders', c.id], (cursor) => unwrap(api.GET('/v1/contracts/{id}/seat-orders', { params: { path: { id: c.id }, query: { cursor, limit: 100 } } })));
  const order = orders.rows.find((o) => o.id === orderId);
  const [reason, setReason] = useState('');
  const excuse = useMutation({
    mutationFn: () => unwrap(api.POST('/v1/seat-orders/{id}/excuse', { params: { path: { id: orderId } }, body: { reason: reason.trim() } })),
    onMutate: cost.snapshot,
    onSuccess: changed,
  });
  if (orders.isPending) return <Loading />;
  if (!order) {
    if (orders.hasNextPage) return <LoadMore list={orders} />;
    return <p className="problem">{t('common.notFound')}</p>;
  }
  return (
    <section aria-labelledby="excuse-form">
      <h2 id="excuse-form">{t('excuse.order')}</h2>
      <Dl
        items={[
          [t('seats.kind'), label('seats.kind', order.kind)],
          [t('seats.quantity'), String(order.quantity)],
          [t('seats.effectiveDate'), order.effectiveDate],
          [t('seats.openedOn'), order.openedOn ?? '—'],
          [t('seats.daysLate'), order.daysLate === null || order.daysLate === undefined ? '—' : String(order.daysLate)],
          [t('seats.penalty'), <Money key="p" fen={order.penalty ?? null} />],
          [t('excuse.excused'), order.excused ? `${t('excuse.yes')} — ${order.excuseReason ?? ''}` : t('excuse.no')],
        ]}
      />
      <Rules>
        <p>{t('excuse.rule.penalty')}</p>
        <p>{t('excuse.rule.excuse')}</p>
      </Rules>
      {order.excused && !excuse.isSuccess ? null : (
        <ApiForm state={excuse} onSubmit={() => excuse.mutate()} submitLabel={t('excuse.submit')} success={t('excuse.created')} footer={<CostPreview cost={cost} done={excuse.isSuccess} />}>
          <Field label={t('excuse.reason')} path="reason" required value={reason} onChange={(e) => setReason(e.target.value)} />
        </ApiForm>
      )}
    </section>
  );
}

// ——— The audit trail ———

export function AuditTrailPage({ id }: { id: string }) {
  const { t } = useI18n();
  const f = useUrlFilters(`/contracts/${id}/audit`, ['action'] as const);
  const action = f.values.action ?? '';
  const list = useKeysetList(['audit', id, action], (cursor) =>
    unwrap(api.GET('/v1/contracts/{id}/audit-log', { params: { path: { id }, query: { cursor, limit: 50, ...(action ? { action } : {}) } } })),
  );
  return (
    <ActionFrame id={id} title={t('audit.title')}>
      {() => (
        <>
          <FilterForm onSubmit={() => f.go({ action: f.draft.action.trim() })}>
            <Field label={t('audit.action')} hint={t('audit.actionHint')} path="action" value={f.draft.action} onChange={(e) => f.set('action', e.target.value)} />
          </FilterForm>
          <KeysetTable
            list={list}
            label={t('audit.title')}
            head={
              <>
                <th scope="col">{t('audit.at')}</th>
                <th scope="col">{t('audit.action')}</th>
                <th scope="col">{t('audit.actor')}</th>
                <th scope="col">{t('audit.reason')}</th>
                <th scope="col">{t('audit.data')}</th>
              </>
            }
            row={(e) => (
              <tr key={e.id}>
                <td>{e.at ? formatInstant(e.at) : '—'}</td>
                <td>
                  <code>{e.action}</code>
                </td>
                <td>{e.actor?.role ? t(`role.${e.actor.role}` as 'role.staff') : '—'}</td>
                <td>{e.reason ?? '—'}</td>
                <td className="formula">
                  <code>{e.data === undefined ? '' : JSON.stringify(e.data)}</code>
                </td>
              </tr>
            )}
          />
        </>
      )}
    </ActionFrame>
  );
}
