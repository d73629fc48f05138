/**
 * Agents' monthly assessment (issue 17, 坐席员考核细则), for the tenant's supervisor: the month
 * as a grid of agents × parts (the published scorecard when the month is published, else the
 * live preview), recording an event, publishing the month, answering appeals. An agent sees its
 * own month and published scorecards, and appeals within the window. Points are the API's
 * strings (one decimal, exact); nothing is recomputed here.
 */
import { useEffect, useState } from 'react';
import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useLocation, useSearch } from 'wouter';
import { api, unwrap, type Schemas } from '../api/client';
import { addDays, monthOf } from '../format';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { useToday } from '../today';
import { ActionForm } from './ActionForm';
import { Dl, Empty, Field, Loading, Notice, ProblemBanner, QueryFailure, Select, TableWrap } from '../ui';

type Card = Schemas['ScorecardPreview'] | Schemas['Scorecard'];
const PARTS = ['internal', 'discipline', 'business'] as const;

function useMonth(): [string, (m: string) => void] {
  const today = useToday();
  const [location, navigate] = useLocation();
  const search = new URLSearchParams(useSearch());
  const month = search.get('month') ?? monthOf(addDays(`${monthOf(today)}-01`, -1));
  return [
    month,
    (m) => {
      search.set('month', m);
      navigate(`${location}?${search.toString()}`);
    },
  ];
}

const partScore = (card: Card | undefined, part: string) => card?.parts?.find((p) => p.part === part)?.score ?? '—';

export function AssessmentMonth() {
  const { t } = useI18n();
  const [month, setMonth] = useMonth();
  const [monthInput, setMonthInput] = useState(month);
  useEffect(() => setMonthInput(month), [month]);
  const agents = useQuery({ queryKey: ['agents'], queryFn: () => unwrap(api.GET('/v1/agents', { params: { query: { limit: 200 } } })) });
  const published = useQuery({ queryKey: ['scorecards', month], queryFn: () => unwrap(api.GET('/v1/scorecards', { params: { query: { month, limit: 200 } } })) });
  const publishedBy = new Map((published.data?.data ?? []).map((s) => [s.agentId, s]));
  const isPublished = publishedBy.size > 0;
  const previews = useQueries({
    queries: (agents.data?.data ?? []).map((a) => ({
      queryKey: ['scorecard-preview', a.id, month],
      queryFn: () => unwrap(api.GET('/v1/agents/{id}/scorecard-preview', { params: { path: { id: a.id! }, query: { month } } })),
      enabled: published.isSuccess && !isPublished,
    })),
  });
  return (
    <main id="main">
      <h1>{t('assess.title', { month })}</h1>
      <form
        className="inline"
        onSubmit={(e) => {
          e.preventDefault();
          setMonth(monthInput);
        }}
      >
        <Field label={t('assess.month')} path="month" type="month" value={monthInput} onChange={(e) => setMonthInput(e.target.value)} />
        <button type="submit">{t('assess.show')}</button>
      </form>
      <p className="muted">{isPublished ? t('assess.publishedNote') : t('assess.previewNote')}</p>
      <ProblemBanner error={agents.error ?? published.error} />
      {agents.isPending || published.isPending ? <Loading /> : null}
      {agents.data && agents.data.data.length === 0 ? <Empty /> : null}
      {agents.data && agents.data.data.length > 0 ? (
        <TableWrap label={t('assess.grid')}>
          <thead>
            <tr>
              <th scope="col">{t('assess.agent')}</th>
              {PARTS.map((p) => (
                <th key={p} scope="col" className="num">
                  {t(`assess.part.${p}`)}
                </th>
              ))}
              <th scope="col" className="num">
                {t('assess.total')}
              </th>
              <th scope="col">{t('assess.state')}</th>
            </tr>
          </thead>
          <tbody>
            {agents.data.data.map((a, i) => {
              const card: Card | undefined = publishedBy.get(a.id) ?? previews[i]?.data;
              const pub = publishedBy.get(a.id);
              return (
                <tr key={a.id}>
                  <th scope="row">{a.name}</th>
                  {PARTS.map((p) => (
                    <td key={p} className="num">
                      {partScore(card, p)}
                    </td>
                  ))}
                  <td className="num">
                    <strong>{card?.total ?? '—'}</strong>
                  </td>
                  <td>{pub ? <Link href={`/scorecards/${pub.id}`}>{t('assess.publishedVersion', { version: pub.version ?? 1 })}</Link> : t('assess.preview')}</td>
                </tr>
              );
            })}
          </tbody>
        </TableWrap>
      ) : null}
      {!isPublished && agents.data ? <RecordEvent month={month} agents={agents.data.data} /> : null}
      {!isPublished && published.isSuccess ? <Publish month={month} /> : null}
      <Appeals />
    </main>
  );
}

function RecordEvent({ month, agents }: { month: string; agents: Schemas['Agent'][] }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const catalogue = useQuery({ queryKey: ['catalogue', month], queryFn: () => unwrap(api.GET('/v1/assessment-catalogue', { params: { query: { month } } })) });
  const items = (catalogue.data?.items ?? []).filter((i) => i.source !== 'workload');
  const [form, setForm] = useState({ agentId: '', itemCode: '', occurredOn: '', count: '1', note: '' });
  const record = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/v1/assessment-events', {
          body: {
            agentId: form.agentId || agents[0]!.id!,
            itemCode: form.itemCode || items[0]!.code!,
            occurredOn: form.occurredOn,
            count: Number(form.count),
            ...(form.note ? { note: form.note } : {}),
          },
        }),
      ),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['scorecard-preview'] }),
  });
  return (
    <section aria-labelledby="record-event">
      <h2 id="record-event">{t('assess.record')}</h2>
      <ActionForm run={() => record.mutate()} error={record.error}>
        <div className="grid">
          <Select label={t('assess.agent')} path="agentId" error={record.error} value={form.agentId} onChange={(e) => setForm({ ...form, agentId: e.target.value })} options={agents.map((a) => ({ value: a.id!, label: a.name ?? a.id! }))} />
          <Select
            label={t('assess.item')}
            path="itemCode"
            error={record.error}
            value={form.itemCode}
            onChange={(e) => setForm({ ...form, itemCode: e.target.value })}
            options={items.map((i) => ({ value: i.code!, label: `${i.clause} ${i.title} (${Number(i.pointsTenths) > 0 ? '+' : ''}${i.points} / ${i.unit})` }))}
          />
          <Field label={t('assess.occurredOn')} path="occurredOn" error={record.error} type="date" required value={form.occurredOn} onChange={(e) => setForm({ ...form, occurredOn: e.target.value })} />
          <Field label={t('assess.count')} path="count" error={record.error} inputMode="numeric" value={form.count} onChange={(e) => setForm({ ...form, count: e.target.value })} />
          <Field label={t('assess.note')} path="note" error={record.error} value={form.note} onChange={(e) => setForm({ ...form, note: e.target.value })} />
        </div>
        {record.isSuccess ? <Notice>{t('assess.recorded')}</Notice> : null}
        <button type="submit" disabled={record.isPending || items.length === 0}>
          {t('assess.recordAction')}
        </button>
      </ActionForm>
    </section>
  );
}

function Publish({ month }: { month: string }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const publish = useMutation({
    mutationFn: () => unwrap(api.POST('/v1/assessment-publications', { body: { month } })),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['scorecards'] }),
  });
  return (
    <section aria-labelledby="publish-month">
      <h2 id="publish-month">{t('assess.publish')}</h2>
      <p className="muted">{t('assess.publishHint')}</p>
      <ProblemBanner error={publish.error} />
      <button type="button" disabled={publish.isPending} onClick={() => publish.mutate()}>
        {t('assess.publishAction', { month })}
      </button>
    </section>
  );
}

function Appeals() {
  const { t } = useI18n();
  const appeals = useQuery({ queryKey: ['appeals', 'pending'], queryFn: () => unwrap(api.GET('/v1/appeals', { params: { query: { status: 'pending', limit: 100 } } })) });
  return (
    <section aria-labelledby="appeals">
      <h2 id="appeals">{t('assess.appeals')}</h2>
      <ProblemBanner error={appeals.error} />
      {appeals.data && appeals.data.data.length === 0 ? <Empty /> : null}
      {(appeals.data?.data ?? []).map((a) => (
        <DecideAppeal key={a.id} appeal={a} />
      ))}
    </section>
  );
}

function DecideAppeal({ appeal }: { appeal: Schemas['Appeal'] }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const [outcome, setOutcome] = useState<'upheld' | 'refused'>('refused');
  const [reason, setReason] = useState('');
  const decide = useMutation({
    mutationFn: () => unwrap(api.POST('/v1/appeals/{id}/decision', { params: { path: { id: appeal.id! } }, body: { outcome, reason } })),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['appeals'] });
      void client.invalidateQueries({ queryKey: ['scorecards'] });
    },
  });
  return (
    <form
      className="appeal"
      aria-label={t('assess.appealOf', { date: appeal.lodgedOn ?? '' })}
      onSubmit={(e) => {
        e.preventDefault();
        decide.mutate();
      }}
      noValidate
    >
      <p>
        <Link href={`/scorecards/${appeal.scorecardId}`}>{t('assess.appealOf', { date: appeal.lodgedOn ?? '' })}</Link> — {appeal.reason}{' '}
        <span className="muted">{t('assess.answerDue', { date: appeal.answerDueOn ?? '' })}</span>
      </p>
      <ProblemBanner error={decide.error} />
      <div className="grid">
        <Select
          label={t('assess.outcome')}
          path="outcome"
          error={decide.error}
          value={outcome}
          onChange={(e) => setOutcome(e.target.value as 'upheld' | 'refused')}
          options={[
            { value: 'refused', label: t('assess.outcome.refused') },
            { value: 'upheld', label: t('assess.outcome.upheld') },
          ]}
        />
        <Field label={t('assess.decisionReason')} path="reason" error={decide.error} required value={reason} onChange={(e) => setReason(e.target.value)} />
      </div>
      <button type="submit" disabled={decide.isPending}>
        {t('assess.decide')}
      </button>
    </form>
  );
}

/** A published scorecard: parts, lines with clause and points; the agent may appeal within the window. */
export function ScorecardDetail({ id }: { id: string }) {
  const { t } = useI18n();
  const { session } = useSession();
  const client = useQueryClient();
  const card = useQuery({ queryKey: ['scorecard', id], queryFn: () => unwrap(api.GET('/v1/scorecards/{id}', { params: { path: { id } } })), retry: false });
  const [reason, setReason] = useState('');
  const appeal = useMutation({
    mutationFn: () => unwrap(api.POST('/v1/scorecards/{id}/appeals', { params: { path: { id } }, body: { reason } })),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['appeals'] }),
  });
  if (card.isPending) return <Loading />;
  if (card.error) return <QueryFailure error={card.error} />;
  const c = card.data;
  return (
    <main id="main">
      <h1>{t('assess.scorecard', { month: c.month ?? '', total: c.total ?? '' })}</h1>
      <Dl
        items={[
          [t('assess.version'), String(c.version ?? 1)],
          [t('assess.issuedOn'), c.issuedOn ?? '—'],
          [t('assess.appealWindow'), c.appealWindow ? `${c.appealWindow.opensOn} – ${c.appealWindow.closesOn}` : '—'],
          ...(c.reason ? [[t('assess.correctionReason'), c.reason] as [string, string]] : []),
        ]}
      />
      <p className="links">
        <a href={`/v1/scorecards/${c.id}/pdf`} download={`scorecard-${c.month}.pdf`}>
          {t('assess.pdf')}
        </a>
      </p>
      <CardBody card={c} />
      {session?.role === 'agent' ? (
        <section aria-labelledby="appeal">
          <h2 id="appeal">{t('assess.appeal')}</h2>
          <p className="muted">{t('assess.appealHint')}</p>
          <ActionForm run={() => appeal.mutate()} error={appeal.error}>
            <Field label={t('assess.appealReason')} path="reason" error={appeal.error} required value={reason} onChange={(e) => setReason(e.target.value)} />
            {appeal.isSuccess ? <Notice>{t('assess.appealLodged', { date: appeal.data.answerDueOn ?? '' })}</Notice> : null}
            <button type="submit" disabled={appeal.isPending}>
              {t('assess.appealAction')}
            </button>
          </ActionForm>
        </section>
      ) : null}
    </main>
  );
}

function CardBody({ card }: { card: Card }) {
  const { t } = useI18n();
  return (
    <>
      <h2>{t('assess.parts')}</h2>
      <TableWrap label={t('assess.parts')}>
        <thead>
          <tr>
            <th scope="col">{t('assess.part')}</th>
            <th scope="col" className="num">
              {t('assess.max')}
            </th>
            <th scope="col" className="num">
              {t('assess.deductions')}
            </th>
            <th scope="col" className="num">
              {t('assess.bonuses')}
            </th>
            <th scope="col" className="num">
              {t('assess.score')}
            </th>
          </tr>
        </thead>
        <tbody>
          {(card.parts ?? []).map((p) => (
            <tr key={p.part}>
              <th scope="row">
                {p.clause} {p.title}
                {p.capped ? <small className="muted"> {t('assess.capped')}</small> : null}
              </th>
              <td className="num">{p.max}</td>
              <td className="num">{p.deductions}</td>
              <td className="num">{p.bonuses}</td>
              <td className="num">{p.score}</td>
            </tr>
          ))}
        </tbody>
      </TableWrap>
      <h2>{t('assess.lines')}</h2>
      {(card.lines ?? []).length === 0 ? (
        <Empty />
      ) : (
        <TableWrap label={t('assess.lines')}>
          <thead>
            <tr>
              <th scope="col">{t('assess.clause')}</th>
              <th scope="col">{t('assess.item')}</th>
              <th scope="col" className="num">
                {t('assess.count')}
              </th>
              <th scope="col" className="num">
                {t('assess.unitPoints')}
              </th>
              <th scope="col" className="num">
                {t('assess.points')}
              </th>
            </tr>
          </thead>
          <tbody>
            {(card.lines ?? []).map((l, i) => (
              <tr key={`${l.itemCode}-${i}`}>
                <td>{l.clause}</td>
                <td>
                  {l.title}
                  {l.selfReported ? <small className="muted"> {t('assess.selfReported')}</small> : null}
                </td>
                <td className="num">{l.count}</td>
                <td className="num">{l.unitPoints}</td>
                <td className="num">{l.points}</td>
              </tr>
            ))}
          </tbody>
        </TableWrap>
      )}
    </>
  );
}

/** The agent's own: this month as it stands, and every published scorecard. */
export function MyScorecard() {
  const { t } = useI18n();
  const [month] = useMonth();
  const today = useToday();
  const current = monthOf(today);
  const me = useQuery({ queryKey: ['agents'], queryFn: () => unwrap(api.GET('/v1/agents', { params: { query: { limit: 1 } } })) });
  const agentId = me.data?.data[0]?.id;
  const preview = useQuery({
    queryKey: ['scorecard-preview', agentId, current],
    queryFn: () => unwrap(api.GET('/v1/agents/{id}/scorecard-preview', { params: { path: { id: agentId! }, query: { month: current } } })),
    enabled: Boolean(agentId),
  });
  const cards = useQuery({ queryKey: ['scorecards', 'mine'], queryFn: () => unwrap(api.GET('/v1/scorecards', { params: { query: { limit: 24 } } })) });
  void month;
  return (
    <main id="main">
      <h1>{t('assess.mine')}</h1>
      <ProblemBanner error={me.error ?? cards.error ?? preview.error} />
      <h2>{t('assess.published')}</h2>
      {cards.data && cards.data.data.length === 0 ? <Empty /> : null}
      {cards.data && cards.data.data.length > 0 ? (
        <TableWrap label={t('assess.published')}>
          <thead>
            <tr>
              <th scope="col">{t('assess.month')}</th>
              <th scope="col" className="num">
                {t('assess.total')}
              </th>
              <th scope="col">{t('assess.version')}</th>
            </tr>
          </thead>
          <tbody>
            {cards.data.data.map((c) => (
              <tr key={c.id}>
                <td>
                  <Link href={`/scorecards/${c.id}`}>{c.month}</Link>
                </td>
                <td className="num">{c.total}</td>
                <td>{c.version}</td>
              </tr>
            ))}
          </tbody>
        </TableWrap>
      ) : null}
      <h2>{t('assess.thisMonth', { month: current })}</h2>
      {preview.isPending && agentId ? <Loading /> : null}
      {preview.data ? (
        <>
          <p className="muted">{t('assess.previewNote')}</p>
          <p>
            {t('assess.total')}: <strong>{preview.data.total}</strong>
          </p>
          <CardBody card={preview.data} />
        </>
      ) : null}
    </main>
  );
}
