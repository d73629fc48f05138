/** A tenant's statement: invoices, credit notes, payments and credit with a running balance. */
import { useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { api, unwrap } from '../api/client';
import { useI18n } from '../i18n';
import { Dl, Empty, Loading, Money, QueryFailure, TableWrap } from '../ui';

export function Statement({ tenantId }: { tenantId: string }) {
  const { t } = useI18n();
  const st = useQuery({ queryKey: ['statement', tenantId], queryFn: () => unwrap(api.GET('/v1/tenants/{id}/statement', { params: { path: { id: tenantId } } })) });
  if (st.isPending) return <Loading />;
  if (st.error) return <QueryFailure error={st.error} />;
  const s = st.data;
  const movements = s.movements ?? [];
  return (
    <main id="main">
      <h1>
        {t('statement.title')} · {s.tenantName}
      </h1>
      <Dl
        items={[
          [t('statement.opening'), <Money key="o" fen={s.openingBalance} />],
          [t('statement.closing'), <Money key="c" fen={s.closingBalance} />],
          [t('statement.credit'), <Money key="cr" fen={s.creditBalance} />],
          [t('statement.deposit'), <Money key="d" fen={s.depositHeld} />],
        ]}
      />
      {movements.length === 0 ? (
        <Empty />
      ) : (
        <TableWrap label={t('statement.title')}>
          <thead>
            <tr>
              <th scope="col">{t('statement.date')}</th>
              <th scope="col">{t('statement.type')}</th>
              <th scope="col">{t('statement.reference')}</th>
              <th scope="col">{t('statement.description')}</th>
              <th scope="col" className="num">
                {t('statement.amount')}
              </th>
              <th scope="col" className="num">
                {t('statement.balance')}
              </th>
            </tr>
          </thead>
          <tbody>
            {movements.map((m, i) => (
              <tr key={i}>
                <td>{m.date}</td>
                <td>{m.type}</td>
                <td>
                  {m.creditNoteId ? (
                    <Link href={`/credit-notes/${m.creditNoteId}`}>{m.reference}</Link>
                  ) : m.type === 'invoice' && m.invoiceId ? (
                    <Link href={`/bills/${m.invoiceId}`}>{m.reference}</Link>
                  ) : (
                    m.reference
                  )}
                </td>
                <td>{m.description}</td>
                <td className="num">
                  <Money fen={m.amount} />
                </td>
                <td className="num">
                  <Money fen={m.balance} />
                </td>
              </tr>
            ))}
          </tbody>
        </TableWrap>
      )}
    </main>
  );
}
