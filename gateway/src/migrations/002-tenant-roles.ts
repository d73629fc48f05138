/**
 * The seed's people get keys of their own: `tenant_supervisor` (records and publishes for its
 * tenant) and `agent` (reads its own records), both confined to one tenant like
 * `tenant_finance`; an agent key also names the agent it belongs to.
 */
import type { Knex } from 'knex';
import type { Migration } from '@seatlease/shared';

export const tenantRolesMigration: Migration = {
  name: '002-tenant-roles',
  async up(knex: Knex) {
    await knex.raw(`alter table gateway.api_keys drop constraint api_keys_role_check`);
    await knex.raw(`alter table gateway.api_keys drop constraint api_keys_check`);
    await knex.raw(`alter table gateway.api_keys add column agent_id uuid null`);
    await knex.raw(`
      alter table gateway.api_keys
        add constraint api_keys_role_check
          check (role in ('staff', 'tenant_finance', 'tenant_supervisor', 'agent', 'scheduler')),
        -- tenant roles are confined to exactly one tenant; other roles to none
        add constraint api_keys_tenant_scope_check
          check ((role in ('tenant_finance', 'tenant_supervisor', 'agent')) = (tenant_id is not null)),
        -- an agent key belongs to exactly one agent; other roles to none
        add constraint api_keys_agent_scope_check check ((role = 'agent') = (agent_id is not null))`);
  },
};
