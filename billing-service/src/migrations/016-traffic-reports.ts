import type { Knex } from 'knex';
import type { Migration } from '@seatlease/shared';

/**
 * Issue 16: the monthly traffic report (远端坐席管理办法 第十三条). The report mailed for a month is
 * kept as sent — the PDF attached to the mail is rendered from this snapshot, and a tenant who
 * asks later what they were told gets the same figures.
 */
export const trafficReports: Migration = {
  name: '016-traffic-reports',
  async up(knex: Knex) {
    await knex.schema.createTable('traffic_reports', (t) => {
      t.uuid('contract_id').notNullable();
      t.text('period').notNullable();
      t.text('notice_key').notNullable().unique();
      t.jsonb('report').notNullable();
      t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      t.primary(['contract_id', 'period']);
    });
  },
};
