import type { Knex } from 'knex';
import type { Migration } from '@seatlease/shared';

/**
 * Issue 16: live incidents (the lease's outages while they happen), the notices they owe
 * tenants (an outbox relayed to billing-service's mail), and the seat shift log with handovers
 * (远端坐席管理办法 第九、十条; 坐席员管理办法 三).
 */
export const incidentsAndSeatLog: Migration = {
  name: '016-incidents-and-seat-log',
  async up(knex: Knex) {
    await knex.schema.createTable('incidents', (t) => {
      t.uuid('id').primary();
      t.timestamp('started_at', { useTz: true }).notNullable();
      // null while the incident is open; set once, at resolution.
      t.timestamp('ended_at', { useTz: true });
      t.text('cause').notNullable();
      t.text('severity').notNullable();
      t.text('description').notNullable();
      t.boolean('all_contracts').notNullable();
      // The failed seat opening it was raised from, if any.
      t.uuid('seat_log_id');
      t.timestamp('created_at', { useTz: true }).notNullable();
      t.timestamp('resolved_at', { useTz: true });
      t.index(['started_at', 'id']);
    });
    await knex.raw(`alter table incidents add constraint incidents_cause check (cause in ('provider','tenant','maintenance'))`);
    await knex.raw(`alter table incidents add constraint incidents_severity check (severity in ('major','minor'))`);
    await knex.raw(`alter table incidents add constraint incidents_order check (ended_at is null or ended_at > started_at)`);
    await knex.schema.createTable('incident_contracts', (t) => {
      t.uuid('incident_id').notNullable().references('incidents.id');
      t.uuid('contract_id').notNullable().references('contracts.id');
      t.uuid('tenant_id').notNullable().references('tenants.id');
      t.integer('seats_affected').notNullable();
      // The outage record the resolution made (the billing side of the incident).
      t.uuid('outage_id').references('outages.id');
      t.primary(['incident_id', 'contract_id']);
      t.index(['contract_id']);
      t.index(['tenant_id']);
    });
    await knex.raw(`alter table incident_contracts add constraint incident_contracts_seats check (seats_affected > 0)`);
    // Notices owed to tenants, written in the transaction that owes them and relayed to
    // billing-service's mail outbox afterwards (a transactional outbox; billing's notice key
    // makes a second delivery of the same row a no-op).
    await knex.schema.createTable('incident_notices', (t) => {
      t.text('key').primary();
      t.uuid('incident_id').notNullable().references('incidents.id');
      t.uuid('tenant_id').notNullable().references('tenants.id');
      t.text('kind').notNullable();
      t.jsonb('payload').notNullable();
      t.text('status').notNullable().defaultTo('pending');
      t.integer('attempts').notNullable().defaultTo(0);
      t.text('last_error');
      t.timestamp('next_attempt_at', { useTz: true }).notNullable();
      t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      t.timestamp('relayed_at', { useTz: true });
    });
    await knex.raw(`alter table incident_notices add constraint incident_notices_kind check (kind in ('major_fault_warning','service_restored'))`);
    await knex.raw(`alter table incident_notices add constraint incident_notices_status check (status in ('pending','relayed'))`);
    await knex.raw(`create index incident_notices_due on incident_notices (next_attempt_at) where status = 'pending'`);

    await knex.schema.createTable('seat_log', (t) => {
      t.uuid('id').primary();
      t.uuid('contract_id').notNullable().references('contracts.id');
      t.uuid('tenant_id').notNullable().references('tenants.id');
      t.text('kind').notNullable();
      t.timestamp('at', { useTz: true }).notNullable();
      // The shift the event belongs to: its name and the Shanghai date it started on.
      t.text('shift').notNullable();
      t.date('shift_date').notNullable();
      // open / close / open_failed: the seat and the agent account on duty.
      t.text('seat');
      t.text('agent_account');
      t.text('reason');
      // handover: from one shift's agent to the next one's, oral or written.
      t.text('to_shift');
      t.text('to_agent_account');
      t.text('mode');
      t.text('notes');
      t.boolean('unresolved_matters');
      t.uuid('incident_id').references('incidents.id');
      t.text('recorded_by_key').notNullable();
      t.text('recorded_by_role').notNullable();
      t.timestamp('created_at', { useTz: true }).notNullable();
      t.index(['contract_id', 'at', 'id']);
      t.index(['contract_id', 'seat', 'at']);
    });
    await knex.raw(`alter table seat_log add constraint seat_log_kind check (kind in ('open','close','open_failed','handover'))`);
    await knex.raw(`alter table seat_log add constraint seat_log_mode check (mode is null or mode in ('oral','written'))`);
    await knex.raw(`alter table seat_log add constraint seat_log_seat check ((kind = 'handover') = (seat is null))`);
    await knex.raw(`alter table seat_log add constraint seat_log_written check (mode is distinct from 'written' or notes is not null)`);
  },
};
