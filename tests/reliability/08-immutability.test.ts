/**
 * Reliability 8: issued invoices, their lines, credit notes and the audit log refuse UPDATE,
 * DELETE and TRUNCATE at the database — by knex against the real tables, whatever the form
 * (plain, matching no row, inside a CTE, as an upsert, as MERGE) — and stay byte for byte what
 * they were. The guard is a statement-level trigger, so it holds for every application role;
 * only a superuser who disables triggers gets past it (see docs/reliability.md).
 */
import { expect } from 'chai';
import type { Knex } from 'knex';
import { startSystem, type System } from '../src/system';
import { tableStates } from './support';

interface Attempt {
  what: string;
  run: (knex: Knex) => Promise<unknown>;
}

function attemptsOn(table: string, key: { column: string; value: string | number }, column: string, value: unknown): Attempt[] {
  return [
    { what: `update ${table}`, run: (k) => k(table).where(key.column, key.value).update({ [column]: value }) },
    { what: `update ${table} (no row matches)`, run: (k) => k(table).whereRaw('false').update({ [column]: value }) },
    { what: `update ${table} (every row)`, run: (k) => k(table).update({ [column]: value }) },
    { what: `delete from ${table}`, run: (k) => k(table).where(key.column, key.value).del() },
    { what: `delete from ${table} (no row matches)`, run: (k) => k(table).whereRaw('false').del() },
    { what: `truncate ${table}`, run: (k) => k.raw(`truncate table ?? cascade`, [table]) },
    { what: `update ${table} in a CTE`, run: (k) => k.raw(`with changed as (update ?? set ?? = ? where ?? = ? returning 1) select count(*) from changed`, [table, column, value as never, key.column, key.value]) },
    { what: `delete from ${table} in a CTE`, run: (k) => k.raw(`with gone as (delete from ?? where ?? = ? returning 1) select count(*) from gone`, [table, key.column, key.value]) },
    {
      what: `merge into ${table}`,
      run: (k) => k.raw(`merge into ?? t using (select ?::text as k) s on t.??::text = s.k when matched then delete`, [table, String(key.value), key.column]),
    },
    {
      what: `update ${table} in a committed transaction`,
      run: (k) => k.transaction(async (trx) => trx(table).where(key.column, key.value).update({ [column]: value })),
    },
  ];
}

describe('reliability 8: issued documents and the audit log refuse UPDATE and DELETE at the database', function () {
  this.timeout(60_000);
  let sys: System;
  after(async () => sys?.close());

  it('→ every attempt fails with insufficient_privilege, and the rows stay exactly as they were', async () => {
    sys = await startSystem('rel_immutable');
    await sys.advanceTo('2027-03-01T09:00:00+08:00');
    const t = await sys.api('POST', '/v1/tenants', { name: '不可变测试租户', billingEmails: ['immutable@reliability.example'] });
    const c = await sys.api('POST', '/v1/contracts', { tenantId: t.body.id, seatTier: 'province', startMonth: '2027-03', termMonths: 12, seats: 2, openingDate: '2027-03-15' });
    expect(c.status, c.text).to.equal(201);
    const invoiceId = c.body.openingInvoice.id as string;
    const cn = await sys.api('POST', `/v1/invoices/${invoiceId}/credit-notes`, { amount: 1_000, reason: '测试折让' });
    expect(cn.status, cn.text).to.equal(201);
    const billing = sys.billing.knex;
    const contract = sys.contract.knex;
    const line = await billing('invoice_lines').where({ invoice_id: invoiceId }).first();
    const audit = await contract('audit_log').where({ contract_id: c.body.id }).first();
    expect(line && audit, 'there are lines and audit entries to attack').to.be.ok;

    const cases: Array<{ knex: Knex; attempt: Attempt }> = [
      ...attemptsOn('invoices', { column: 'id', value: invoiceId }, 'total_fen', 1).map((attempt) => ({ knex: billing, attempt })),
      ...attemptsOn('invoice_lines', { column: 'id', value: line.id }, 'amount_fen', 1).map((attempt) => ({ knex: billing, attempt })),
      ...attemptsOn('credit_notes', { column: 'id', value: cn.body.id }, 'amount_fen', 999_999).map((attempt) => ({ knex: billing, attempt })),
      ...attemptsOn('audit_log', { column: 'id', value: audit.id }, 'action', 'nothing.happened').map((attempt) => ({ knex: contract, attempt })),
      // An upsert that would rewrite an issued invoice through ON CONFLICT DO UPDATE.
      {
        knex: billing,
        attempt: {
          what: 'insert into invoices … on conflict do update',
          run: async (k) => {
            const row = await k('invoices').where({ id: invoiceId }).first();
            return k('invoices').insert({ ...row, warnings: JSON.stringify(row.warnings) }).onConflict('id').merge({ total_fen: 1 });
          },
        },
      },
    ];

    const before = await tableStates(sys.db.url);
    const failures: string[] = [];
    for (const { knex, attempt } of cases) {
      try {
        await attempt.run(knex);
        failures.push(`${attempt.what}: was allowed`);
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (code !== '42501') failures.push(`${attempt.what}: failed with ${code} ${(err as Error).message}, not the immutability guard`);
      }
    }
    expect(failures, failures.join('\n')).to.deep.equal([]);
    const after = await tableStates(sys.db.url);
    for (const table of ['billing.invoices', 'billing.invoice_lines', 'billing.credit_notes', 'contract.audit_log']) {
      expect(after[table], table).to.deep.equal(before[table]);
    }
    // Still readable, still the same through the API.
    const again = await sys.api('GET', `/v1/invoices/${invoiceId}`);
    expect(again.body.total).to.equal(c.body.openingInvoice.total);
  });
});
