/**
 * Console sessions (issue 15): a person pastes an API key once and the gateway answers a
 * session cookie instead; the browser never keeps the key. A session acts exactly as its key
 * (same role, same tenant scope) and only while that key is active: a revoked key's sessions
 * end with it (the lookup joins api_keys). Rows are never deleted on sign-out: `ended_at` says
 * when and the row stays for the audit (docs/decisions/0051-console-sessions.md).
 */
import type { Knex } from 'knex';
import type { Migration } from '@seatlease/shared';

export const consoleSessionsMigration: Migration = {
  name: '015-console-sessions',
  async up(knex: Knex) {
    await knex.raw(`
      create table gateway.console_sessions (
        id uuid primary key,
        -- sha256 of the cookie value; the value itself is never stored
        token_hash text not null unique,
        -- the synchronizer token every state-changing request must echo in X-CSRF-Token
        csrf_token text not null,
        api_key_id uuid not null references gateway.api_keys (id),
        created_at timestamptz not null default now(),
        expires_at timestamptz not null,
        ended_at timestamptz null,
        check (expires_at > created_at)
      )`);
    await knex.raw(`create index console_sessions_api_key_idx on gateway.console_sessions (api_key_id)`);
  },
};
