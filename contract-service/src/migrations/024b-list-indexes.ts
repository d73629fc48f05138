import type { Knex } from 'knex';
import type { Migration } from '@seatlease/shared';

/**
 * Issue 24, second part: the indexes behind the tenant search and the incident list.
 * - `GET /v1/tenants?q=` finds tenants by contract number, whole or a prefix (decision 0071).
 *   `number` already has a unique index, but a LIKE prefix can use a b-tree only under the C
 *   collation or with `text_pattern_ops`; this one serves `number like 'HT-2027-00%'` whatever the
 *   database's collation. Transfers are looked up by contract, for the tenants that held it before.
 * - `GET /v1/incidents?status=open`: the few open incidents among years of resolved ones, in the
 *   list's order, without walking the resolved ones.
 */
export const listIndexes: Migration = {
  name: '024b-list-indexes',
  async up(knex: Knex) {
    await knex.raw('create index contracts_number_prefix on contracts (number text_pattern_ops)');
    await knex.raw('create index transfers_contract on transfers (contract_id)');
    await knex.raw('create index incidents_open_list on incidents (started_at, id) where ended_at is null');
  },
};
