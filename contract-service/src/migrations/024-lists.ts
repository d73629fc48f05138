import type { Knex } from 'knex';
import type { Migration } from '@seatlease/shared';

/**
 * Issue 24: the indexes the lists' keyset orders and filters walk (API.md "Lists and
 * corrections"). Each order is (filter equality columns…, sort key, id), so a page is one index
 * range scan from the cursor, whatever its depth.
 */
export const lists: Migration = {
  name: '024-lists',
  async up(knex: Knex) {
    await knex.raw('create index tenants_list on tenants (created_at, id)');
    await knex.raw('create index contracts_list on contracts (created_at, id)');
    await knex.raw('create index contracts_tenant_list on contracts (tenant_id, created_at, id)');
    await knex.raw('create index seat_orders_list on seat_orders (contract_id, created_at, id)');
    await knex.raw('create index outages_list on outages (contract_id, started_at, id)');
    await knex.raw('create index force_majeure_list on force_majeure (started_at, id)');
    await knex.raw('create index force_majeure_contracts_contract on force_majeure_contracts (contract_id)');
    await knex.raw('create index audit_log_contract_list on audit_log (contract_id, id)');
    await knex.raw('create index audit_log_entity_list on audit_log (entity, entity_id, id)');
  },
};
