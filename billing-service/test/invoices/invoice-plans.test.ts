/**
 * Issue 19, the plans of the invoice queries a billing run's indexes were trimmed for.
 *
 * The check a billing run's batch makes for invoices already issued (resumed runs,
 * bills issued outside the run) reads the batch's contracts from the unique
 * (contract_id, period, kind) index — not the period's list index, which PostgreSQL prefers
 * while its statistics (analysed before the run) say the period being billed is empty, and
 * which then reads every bill of the period issued so far, once per batch.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { Knex } from 'knex';
import { createKnex, migrate } from '@seatlease/shared';
import { insertRows } from '@seatlease/shared/src/copy-rows';
import { freshDatabase, type TestDatabase } from '@seatlease/shared/test/support/testing';
import { migrations } from '../../src/migrations/001-initial';
import { EXISTING_FOR_SQL, filteredInvoices, invoices, type InvoiceRow } from '../../src/invoices/invoice.repository';

/** A bill row as COPY takes it (warnings as JSON text). */
function bill(n: number, contractId: string, period: string): Omit<InvoiceRow, 'created_at' | 'warnings'> & { warnings: string } {
  return {
    id: randomUUID(),
    number: `INV-2027-${String(n).padStart(6, '0')}`,
    contract_id: contractId,
    tenant_id: contractId,
    tenant_name: '示例租户',
    billing_emails: ['ap@tenant.example'],
    kind: 'monthly',
    period,
    issued_on: '2027-03-10',
    due_date: '2027-03-29',
    currency: 'CNY',
    total_fen: 200000,
    tax_fen: 11321,
    vat_rate_bp: 600,
    tax_basis: 'revenue',
    taxable_fen: 200000,
    deposit_fen: 0,
    run_id: null,
    warnings: '[]',
  };
}

/** Every index the plan of `sql` reads. */
async function indexesRead(knex: Knex, sql: string, bindings: unknown[]): Promise<string[]> {
  const { rows } = await knex.raw(`explain (format json) ${sql}`, bindings as never[]);
  const found: string[] = [];
  const walk = (node: Record<string, unknown>) => {
    if (typeof node['Index Name'] === 'string') found.push(node['Index Name']);
    for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) walk(child);
  };
  walk(rows[0]['QUERY PLAN'][0].Plan);
  return found;
}

describe('invoices.existingFor under statistics that say the billed period is empty', () => {
  let db: TestDatabase;
  let knex: Knex;
  const contracts = Array.from({ length: 4000 }, () => randomUUID()).sort();

  before(async () => {
    db = await freshDatabase('existing_for_plan');
    knex = createKnex(db.url, 'billing', { max: 2 });
    await migrate(knex, 'billing', migrations);
    // March billed for every contract, then analysed: April has no bill yet, as a run starts.
    await insertRows(knex, 'invoices', contracts.map((c, i) => bill(i + 1, c, '2027-03')));
    await knex.raw('analyze invoices');
    // Half of April billed since (the statistics are not told), as midway through a run.
    await insertRows(knex, 'invoices', contracts.slice(0, 2000).map((c, i) => bill(4001 + i, c, '2027-04')));
  });
  after(async () => {
    await knex?.destroy();
    await db?.drop();
  });

  it('reads the batch’s contracts by the unique index, never the period list', async () => {
    const batch = contracts.slice(1500, 2500);
    const used = await indexesRead(knex, EXISTING_FOR_SQL, [batch, '2027-04', 'monthly']);
    expect(used).to.deep.equal(['invoices_contract_id_period_kind_unique']);
    // The same question asked the obvious way is planned on the period list: the trap the query avoids.
    const naive = await indexesRead(knex, 'select contract_id from invoices where period = ? and kind = ? and contract_id = any(?::uuid[])', ['2027-04', 'monthly', batch]);
    expect(naive).to.include('invoices_period_list');
  });

  it('answers exactly the contracts of the batch billed for the period and kind', async () => {
    const batch = contracts.slice(1500, 2500);
    const found = await invoices.existingFor(knex, batch, '2027-04', 'monthly');
    expect([...found].sort()).to.deep.equal(contracts.slice(1500, 2000));
    expect((await invoices.existingFor(knex, batch, '2027-04', 'opening')).size).to.equal(0);
    expect((await invoices.existingFor(knex, batch, '2027-05', 'monthly')).size).to.equal(0);
  });

  it('lists one contract’s bills from the unique index, without a list index of its own (decision 0092)', async () => {
    // As the list asks (keysetPage): the contract's bills, newest first, a page and one more.
    const { sql, bindings } = filteredInvoices(knex, { contractId: contracts[1234]! })
      .orderBy([{ column: 'i.issued_on', order: 'desc' }, { column: 'i.number', order: 'desc' }])
      .limit(51)
      .toSQL();
    const used = await indexesRead(knex, sql, [...bindings]);
    expect(used).to.deep.equal(['invoices_contract_id_period_kind_unique']);
    const { rows } = await knex.raw<{ rows: Array<{ number: string }> }>(sql, [...bindings]);
    expect(rows.map((r) => r.number)).to.deep.equal(['INV-2027-005235', 'INV-2027-001235']);
  });
});
