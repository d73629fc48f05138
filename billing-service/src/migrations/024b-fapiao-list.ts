import type { Knex } from 'knex';
import type { Migration } from '@seatlease/shared';

/**
 * Issue 24, second part: the fapiao request list pages by id (UUIDv7, the order requests are made
 * in); unfiltered it walks the primary key, `status` the (status, id) index of 014, and `tenantId`
 * this one, so a tenant's page is a range scan from the cursor rather than a sort of its requests.
 */
export const fapiaoListIndexes: Migration = {
  name: '024b-fapiao-list',
  async up(knex: Knex) {
    await knex.raw('create index fapiao_requests_tenant_list on fapiao_requests (tenant_id, id)');
  },
};
