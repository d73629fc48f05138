/**
 * The retention purge of console sessions (docs/decisions/0068-console-session-retention.md)
 * finds expired rows by `expires_at`: an index, so the hourly delete does not scan every
 * sign-in ever made.
 */
import type { Knex } from 'knex';
import type { Migration } from '@seatlease/shared';

export const consoleSessionExpiryMigration: Migration = {
  name: '015b-console-session-expiry',
  async up(knex: Knex) {
    await knex.raw(`create index console_sessions_expires_at_idx on gateway.console_sessions (expires_at)`);
  },
};
