/** Contracts signed before numbers existed get them in signing order, per year; new ones follow. */
import { expect } from 'chai';
import { createKnex, migrate } from '@seatlease/shared';
import { freshDatabase } from '@seatlease/shared/test/support/testing';
import { migrations } from '../src/migrations/001-initial';

describe('migration 014-contract-numbers', () => {
  it('numbers existing contracts HT-YYYY-NNNNNN by signing date and sets the counters', async () => {
    const db = await freshDatabase('contract_numbers_migration');
    const knex = createKnex(db.url, 'contract');
    try {
      // A database as it was before numbers existed: the migrations listed before 014 only (later
      // ones, such as 024b's index on the number, need the column).
      await migrate(knex, 'contract', migrations.slice(0, migrations.findIndex((m) => m.name === '014-contract-numbers')));
      await knex('tenants').insert({ id: '10000000-0000-4000-8000-000000000000', name: 't', billing_emails: ['a@b.example'] });
      const contract = (id: string, signedOn: string) => ({
        id, tenant_id: '10000000-0000-4000-8000-000000000000', seat_tier: 'province', signed_on: signedOn, start_month: signedOn.slice(0, 7), term_months: 12,
        vat_rate_bp: 600, restore_window_hours: 0, call_rate_local_fen: 10, call_rate_domestic_fen: 20, call_rate_mobile_fen: 15, status: 'active',
      });
      await knex('contracts').insert([
        contract('c0000003-0000-4000-8000-000000000000', '2027-05-01'),
        contract('c0000001-0000-4000-8000-000000000000', '2026-12-30'),
        contract('c0000002-0000-4000-8000-000000000000', '2027-01-04'),
      ]);
      await migrate(knex, 'contract', migrations);
      expect(await knex('contracts').orderBy('id').select('id', 'number')).to.deep.equal([
        { id: 'c0000001-0000-4000-8000-000000000000', number: 'HT-2026-000001' },
        { id: 'c0000002-0000-4000-8000-000000000000', number: 'HT-2027-000001' },
        { id: 'c0000003-0000-4000-8000-000000000000', number: 'HT-2027-000002' },
      ]);
      expect(await knex('contract_numbers').orderBy('year')).to.deep.equal([{ year: 2026, last: 1 }, { year: 2027, last: 2 }]);
    } finally {
      await knex.destroy();
      await db.drop();
    }
  });
});
