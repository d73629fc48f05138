/**
 * Schema `gateway`: API keys (tokens stored only as sha256 hashes), idempotency records and the
 * single-row test clock.
 */
import type { Knex } from 'knex';
import type { Migration } from '@seatlease/shared';
import { tenantRolesMigration } from './002-tenant-roles';
import { consoleSessionsMigration } from './015-console-sessions';
import { idempotentRequestsMigration } from './018-idempotent-requests';
import { consoleSessionExpiryMigration } from './015b-console-session-expiry';

export const initialMigration: Migration = {
  name: '001-initial',
  async up(knex: Knex) {
    await knex.raw(`
      create table gateway.api_keys (
        id uuid primary key,
        name text not null check (length(name) between 1 and 200),
        role text not null check (role in ('staff', 'tenant_finance', 'scheduler')),
        tenant_id uuid null,
        token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
        created_at timestamptz not null default now(),
        revoked_at timestamptz null,
        -- a tenant_finance key is confined to exactly one tenant; other roles to none
        check ((role = 'tenant_finance') = (tenant_id is not null))
      )`);
    await knex.raw(`create index api_keys_active_role on gateway.api_keys (role) where revoked_at is null`);
    await knex.raw(`
      create table gateway.idempotency_keys (
        api_key_id uuid not null references gateway.api_keys (id) on delete cascade,
        idempotency_key text not null check (length(idempotency_key) between 1 and 255),
        method text not null,
        path text not null,
        -- sha256 of method, path and body; null while a streamed body is still being read
        request_hash text null,
        state text not null check (state in ('in_progress', 'completed')),
        response_status integer null,
        response_content_type text null,
        response_body bytea null,
        created_at timestamptz not null default now(),
        completed_at timestamptz null,
        primary key (api_key_id, idempotency_key)
      )`);
    await knex.raw(`create index idempotency_keys_created_at on gateway.idempotency_keys (created_at)`);
    await knex.raw(`
      create table gateway.test_clock (
        id smallint primary key check (id = 1),
        now_ms bigint not null,
        updated_at timestamptz not null default now()
      )`);
  },
};

export const GATEWAY_MIGRATIONS: readonly Migration[] = [initialMigration, tenantRolesMigration, consoleSessionsMigration, idempotentRequestsMigration, consoleSessionExpiryMigration];
