/** Payments: the list (a tenant's own, for tenant finance) and, for staff, recording a bank transfer. */
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useSearch } from 'wouter';
import { api, unwrap } from '../api/client';
import { ApiForm } from '../form';
import { KeysetTable, useKeysetList } from '../paging';
import { formatFen, parseYuan } from '../format';
import { useI18n } from '../i18n';
import { useIsStaff } from '../session';
import { useToday } from '../today';
import { Field, Money, useEnum } from '../ui';

export function Payments() {
  const { t } = useI18n();
  const label = useEnum();
  const staff = useIsStaff();
  const search = new URLSearchParams(useSearch());
  const tenantId = search.get('tenantId') ?? undefined;
  const list = useKeysetList(['payments', tenantId], (cursor) => unwrap(api.GET('/v1/payments', { params: { query: { tenantId, cursor, limit: 50 } } })));
  return (
    <main id="main">
      <h1>{t('payments.title')}</h1>
      {staff ? <RecordPayment tenantId={tenantId} invoiceId={search.get('invoiceId') ?? undefined} /> : null}
      <KeysetTable
        list={list}
        label={t('payments.title')}
        head={
          <>
            <th scope="col">{t('payments.receivedOn')}</th>
            <th scope="col">{t('payments.reference')}</th>
            <th scope="col">{t('payments.method')}</th>
            <th scope="col" className="num">
              {t('statement.amount')}
            </th>
          </>
        }
        row={(p) => (
          <tr key={p.id}>
            <td>{p.receivedOn}</td>
            <td>{p.reference}</td>
            <td>{label('payments.method', p.method)}</td>
            <td className="num">
              <Money fen={p.amount} />
            </td>
          </tr>
        )}
      />
    </main>
  );
}

function RecordPayment({ tenantId: initialTenant, invoiceId: initialInvoice }: { tenantId?: string; invoiceId?: string }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const today = useToday();
  const [tenantId, setTenantId] = useState(initialTenant ?? '');
  const [amount, setAmount] = useState('');
  const [reference, setReference] = useState('');
  const [receivedOn, setReceivedOn] = useState('');
  const [invoiceId, setInvoiceId] = useState(initialInvoice ?? '');
  const [amountError, setAmountError] = useState<string | undefined>();
  const record = useMutation({
    mutationFn: (fen: number) =>
      unwrap(
        api.POST('/v1/payments', {
          body: { tenantId, amount: fen, method: 'bank_transfer', reference, receivedOn: receivedOn || today, ...(invoiceId ? { invoiceId } : {}) },
        }),
      ),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['payments'] });
      void client.invalidateQueries({ queryKey: ['invoices'] });
      void client.invalidateQueries({ queryKey: ['invoice'] });
    },
  });
  return (
    <section aria-labelledby="record-payment">
      <h2 id="record-payment">{t('payments.record')}</h2>
      <ApiForm
        state={record}
        onSubmit={() => {
          const fen = parseYuan(amount);
          setAmountError(fen === null || fen <= 0 ? t('payments.amountInvalid') : undefined);
          if (fen !== null && fen > 0) record.mutate(fen);
        }}
        submitLabel={t('payments.record')}
        success={record.data?.amount !== undefined ? t('payments.created', { amount: formatFen(record.data.amount) }) : undefined}
      >
        <div className="grid">
          <Field label={t('payments.tenantId')} path="tenantId" required value={tenantId} onChange={(e) => setTenantId(e.target.value)} />
          <Field
            label={t('payments.amount')}
            hint={t('payments.amountHint')}
            path="amount"
           
            localError={amountError}
            inputMode="decimal"
            required
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
          />
          <Field label={t('payments.reference')} path="reference" required value={reference} onChange={(e) => setReference(e.target.value)} />
          <Field label={t('payments.receivedOn')} path="receivedOn" type="date" value={receivedOn} placeholder={today} onChange={(e) => setReceivedOn(e.target.value)} />
          <Field label={t('payments.invoiceId')} path="invoiceId" value={invoiceId} onChange={(e) => setInvoiceId(e.target.value)} />
        </div>
      </ApiForm>
    </section>
  );
}
