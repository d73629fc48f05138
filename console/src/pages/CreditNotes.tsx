/**
 * Credit notes (账单冲减通知): the list (filters in the URL, keyset "load more"), one credit
 * note, and issuing one from a bill (/bills/:id/credit-note) — never more than what the bill
 * still owes (total − paid − already credited), which the API enforces and names.
 */
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useLocation } from 'wouter';
import { api, unwrap } from '../api/client';
import { ApiForm } from '../form';
import { FilterForm, useUrlFilters } from '../filters';
import { formatFen, parseYuan } from '../format';
import { useI18n } from '../i18n';
import { KeysetTable, useKeysetList } from '../paging';
import { Dl, Field, Loading, Money, QueryFailure } from '../ui';

export function CreditNotes() {
  const { t } = useI18n();
  const f = useUrlFilters('/credit-notes', ['tenantId', 'invoiceId', 'issuedFrom', 'issuedTo'] as const);
  return (
    <main id="main">
      <h1>{t('cn.title')}</h1>
      <FilterForm onSubmit={f.submit}>
        <Field label={t('cn.issuedFrom')} path="issuedFrom" type="date" value={f.draft.issuedFrom} onChange={(e) => f.set('issuedFrom', e.target.value)} />
        <Field label={t('cn.issuedTo')} path="issuedTo" type="date" value={f.draft.issuedTo} onChange={(e) => f.set('issuedTo', e.target.value)} />
      </FilterForm>
      <CreditNoteTable filters={f.values} />
    </main>
  );
}

/** Credit notes as a table (the list page, and a bill's own under its lines). */
export function CreditNoteTable({ filters }: { filters: { tenantId?: string; invoiceId?: string; issuedFrom?: string; issuedTo?: string } }) {
  const { t } = useI18n();
  const list = useKeysetList(['credit-notes', filters], (cursor) => unwrap(api.GET('/v1/credit-notes', { params: { query: { ...filters, cursor, limit: 50 } } })));
  return (
      <KeysetTable
        list={list}
        label={t('cn.title')}
        head={
          <>
            <th scope="col">{t('cn.number')}</th>
            <th scope="col">{t('cn.issuedOn')}</th>
            <th scope="col">{t('cn.bill')}</th>
            <th scope="col">{t('cn.reason')}</th>
            <th scope="col" className="num">{t('cn.amount')}</th>
          </>
        }
        row={(n) => (
          <tr key={n.id}>
            <td>
              <Link href={`/credit-notes/${n.id}`}>{n.number}</Link>
            </td>
            <td>{n.issuedOn}</td>
            <td>{n.invoiceId ? <Link href={`/bills/${n.invoiceId}`}>{t('common.view')}</Link> : '—'}</td>
            <td>{n.reason}</td>
            <td className="num">
              <Money fen={n.amount} />
            </td>
          </tr>
        )}
      />
  );
}

export function CreditNoteDetail({ id }: { id: string }) {
  const { t } = useI18n();
  const note = useQuery({ queryKey: ['credit-note', id], queryFn: () => unwrap(api.GET('/v1/credit-notes/{id}', { params: { path: { id } } })), retry: false });
  const bill = useQuery({
    queryKey: ['invoice', note.data?.invoiceId],
    queryFn: () => unwrap(api.GET('/v1/invoices/{id}', { params: { path: { id: note.data!.invoiceId! } } })),
    enabled: Boolean(note.data?.invoiceId),
  });
  if (note.isPending) return <Loading />;
  if (note.error) return <QueryFailure error={note.error} />;
  const n = note.data;
  return (
    <main id="main">
      <h1>
        {t('cn.one')} {n.number}
      </h1>
      <Dl
        items={[
          [t('cn.issuedOn'), n.issuedOn ?? '—'],
          [t('cn.amount'), <Money key="a" fen={n.amount} />],
          [t('cn.taxable'), <Money key="x" fen={n.taxableAmount ?? null} />],
          [t('bills.tax'), <Money key="t" fen={n.tax ?? null} />],
          [t('cn.reason'), n.reason ?? '—'],
          [t('cn.bill'), bill.data ? <Link key="b" href={`/bills/${bill.data.id}`}>{bill.data.number}</Link> : (n.invoiceId ?? '—')],
          [t('bills.due'), bill.data ? <Money key="d" fen={bill.data.amountDue} /> : '—'],
        ]}
      />
      <p className="muted">{t('cn.redFapiao')}</p>
      <p className="links">
        <Link href={`/credit-notes?tenantId=${n.tenantId}`}>{t('cn.tenantNotes')}</Link>
      </p>
    </main>
  );
}

/** /bills/:id/credit-note — staff issue a credit note against a bill. */
export function IssueCreditNote({ billId }: { billId: string }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const [, navigate] = useLocation();
  const bill = useQuery({ queryKey: ['invoice', billId], queryFn: () => unwrap(api.GET('/v1/invoices/{id}', { params: { path: { id: billId } } })), retry: false });
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [amountError, setAmountError] = useState<string | undefined>();
  const issue = useMutation({
    mutationFn: (fen: number) => unwrap(api.POST('/v1/invoices/{id}/credit-notes', { params: { path: { id: billId } }, body: { amount: fen, reason: reason.trim() } })),
    onSuccess: (note) => {
      for (const key of ['invoice', 'invoices', 'credit-notes', 'ar-aging', 'statement']) void client.invalidateQueries({ queryKey: [key] });
      navigate(`/credit-notes/${note.id}`);
    },
  });
  if (bill.isPending) return <Loading />;
  if (bill.error) return <QueryFailure error={bill.error} />;
  const b = bill.data;
  return (
    <main id="main">
      <p className="crumbs">
        <Link href={`/bills/${b.id}`}>← {b.number}</Link>
      </p>
      <h1>{t('cn.issue')}</h1>
      <Dl
        items={[
          [t('bills.total'), <Money key="t" fen={b.total} />],
          [t('bills.paid'), <Money key="p" fen={b.amountPaid} />],
          [t('bills.due'), <Money key="d" fen={b.amountDue} />],
        ]}
      />
      <div className="rules">
        <p>{t('cn.rule.max', { due: formatFen(b.amountDue) })}</p>
        <p>{t('cn.rule.tax')}</p>
      </div>
      <ApiForm
        state={issue}
        onSubmit={() => {
          const fen = parseYuan(amount);
          setAmountError(fen === null || fen <= 0 ? t('payments.amountInvalid') : undefined);
          if (fen !== null && fen > 0) issue.mutate(fen);
        }}
        submitLabel={t('cn.issue')}
      >
        <div className="grid">
          <Field label={t('cn.amount')} hint={t('payments.amountHint')} path="amount" localError={amountError} inputMode="decimal" required value={amount} onChange={(e) => setAmount(e.target.value)} />
          <Field label={t('cn.reason')} path="reason" required value={reason} onChange={(e) => setReason(e.target.value)} />
        </div>
      </ApiForm>
    </main>
  );
}
