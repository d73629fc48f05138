import type { Knex } from 'knex';
import type { Migration } from '@seatlease/shared';

/**
 * Issue 24: the indexes the lists' keyset orders and filters walk (API.md "Lists and
 * corrections"). Each order is (filter equality column, sort key…, unique tie-break), so a page
 * is one index range scan from the cursor whatever its depth (docs/benchmarks.md "lists").
 */
export const lists: Migration = {
  name: '024-lists',
  async up(knex: Knex) {
    // Invoices: newest first by (issued_on, number); by tenant, contract, period or due date.
    await knex.raw('create index invoices_list on invoices (issued_on, number)');
    await knex.raw('create index invoices_tenant_list on invoices (tenant_id, issued_on, number)');
    await knex.raw('create index invoices_contract_list on invoices (contract_id, issued_on, number)');
    await knex.raw('create index invoices_period_list on invoices (period, issued_on, number)');
    // The status filter sums allocations and credit notes per invoice (both indexed by invoice_id in 001).
    await knex.raw('create index credit_notes_list on credit_notes (issued_on, number)');
    await knex.raw('create index credit_notes_tenant_list on credit_notes (tenant_id, issued_on, number)');
    await knex.raw('create index payments_list on payments (received_on, created_at, id)');
    await knex.raw('create index payments_tenant_list on payments (tenant_id, received_on, created_at, id)');
    await knex.raw('create index calls_contract_list on calls (contract_id, started_at, id)');
  },
};
