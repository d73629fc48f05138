import type { Knex } from 'knex';
import type { Migration } from '@seatlease/shared';

/**
 * Issue 19: one index fewer for every bill written. `invoices (tenant_id, issued_on)` (001) is
 * the leading part of `invoices_tenant_list (tenant_id, issued_on, number)` (024): every query
 * it served — a tenant's bills up to a date (statements, the tenant list) — the longer one
 * serves as well, and each bill paid for both (docs/decisions/0077-fewer-invoice-indexes.md).
 */
export const fewerInvoiceIndexes: Migration = {
  name: '019-fewer-invoice-indexes',
  async up(knex: Knex) {
    await knex.raw('drop index if exists invoices_tenant_id_issued_on_index');
  },
};
