import type { Knex } from 'knex';
import type { Migration } from '@seatlease/shared';
import { SEED_CATALOGUE } from '../rules/catalogue';
import { idempotentRequests } from './017b-idempotent-requests';
import { scorecardMail } from './017c-scorecard-mail';
import { seatLogWorkload } from './017d-seat-log-workload';

/**
 * The assessment schema: agents, the versioned item catalogue, events, workload days,
 * published scorecards (immutable), appeals, year-end evaluations and a tenant's year bands.
 * Points are integer tenths (`*_tenths`), dates `date`, instants `timestamptz`.
 */
export const initial: Migration = {
  name: '001-initial',
  async up(knex: Knex) {
    await knex.schema.createTable('catalogue_versions', (t) => {
      t.integer('version').primary();
      /** The first month the version scores; a published month keeps the version it used. */
      t.text('effective_from').notNullable().unique();
      t.text('note').notNullable();
      t.timestamp('created_at', { useTz: true }).notNullable();
    });
    await knex.schema.createTable('catalogue_items', (t) => {
      t.integer('version').notNullable().references('catalogue_versions.version');
      t.text('code').notNullable();
      t.integer('position').notNullable();
      t.text('part').notNullable();
      t.text('clause').notNullable();
      t.text('title').notNullable();
      t.integer('points_tenths').notNullable();
      t.text('unit').notNullable();
      t.specificType('roles', 'text[]');
      t.boolean('halvable').notNullable();
      t.text('source').notNullable();
      t.primary(['version', 'code']);
    });
    await knex.raw(`alter table catalogue_items add constraint catalogue_items_part check (part in ('internal','discipline','business'))`);
    await knex.raw(`alter table catalogue_items add constraint catalogue_items_source check (source in ('event','workload'))`);
    await knex('catalogue_versions').insert({ version: 1, effective_from: '2000-01', note: '坐席员考核细则 (2011-03-30)', created_at: knex.fn.now() });
    await knex('catalogue_items').insert(
      SEED_CATALOGUE.map((i, position) => ({
        version: 1,
        code: i.code,
        position,
        part: i.part,
        clause: i.clause,
        title: i.title,
        points_tenths: i.pointsTenths,
        unit: i.unit,
        roles: i.roles,
        halvable: i.halvable,
        source: i.source,
      })),
    );

    await knex.schema.createTable('agents', (t) => {
      t.uuid('id').primary();
      t.uuid('tenant_id').notNullable();
      t.text('name').notNullable();
      t.text('employee_no');
      t.specificType('roles', 'text[]').notNullable();
      t.date('joined_on').notNullable();
      t.timestamp('created_at', { useTz: true }).notNullable();
      t.index(['tenant_id', 'created_at', 'id']);
    });

    await knex.schema.createTable('events', (t) => {
      t.uuid('id').primary();
      t.uuid('tenant_id').notNullable();
      t.uuid('agent_id').notNullable().references('agents.id');
      t.text('item_code').notNullable();
      t.date('occurred_on').notNullable();
      t.text('month').notNullable();
      t.integer('count').notNullable();
      t.boolean('self_reported').notNullable();
      t.text('note');
      t.text('recorded_by').notNullable();
      /** The appeal whose decision added it (a correction of a published month), else null. */
      t.uuid('appeal_id');
      t.timestamp('created_at', { useTz: true }).notNullable();
      t.timestamp('voided_at', { useTz: true });
      t.text('void_reason');
      t.index(['agent_id', 'month']);
      t.index(['tenant_id', 'created_at', 'id']);
    });
    await knex.raw(`alter table events add constraint events_count check (count between 1 and 10000)`);

    await knex.schema.createTable('workdays', (t) => {
      t.uuid('id').primary();
      t.uuid('tenant_id').notNullable();
      t.uuid('agent_id').notNullable().references('agents.id');
      t.text('role').notNullable();
      t.date('work_date').notNullable();
      t.text('month').notNullable();
      t.integer('handled').notNullable();
      t.text('recorded_by').notNullable();
      t.timestamp('created_at', { useTz: true }).notNullable();
      t.timestamp('voided_at', { useTz: true });
      t.text('void_reason');
      t.index(['tenant_id', 'month']);
    });
    await knex.raw(`create unique index workdays_one_per_day on workdays (agent_id, work_date, role) where voided_at is null`);
    await knex.raw(`alter table workdays add constraint workdays_handled check (handled between 0 and 100000)`);

    await knex.schema.createTable('publications', (t) => {
      t.uuid('id').primary();
      t.uuid('tenant_id').notNullable();
      t.text('month').notNullable();
      t.integer('catalogue_version').notNullable();
      t.date('published_on').notNullable();
      t.timestamp('published_at', { useTz: true }).notNullable();
      t.text('published_by').notNullable();
      t.unique(['tenant_id', 'month']);
    });

    await knex.schema.createTable('scorecards', (t) => {
      t.uuid('id').primary();
      t.uuid('publication_id').notNullable().references('publications.id');
      t.uuid('tenant_id').notNullable();
      t.uuid('agent_id').notNullable().references('agents.id');
      t.text('month').notNullable();
      t.integer('version').notNullable();
      t.integer('catalogue_version').notNullable();
      t.integer('total_tenths').notNullable();
      t.jsonb('parts').notNullable();
      t.jsonb('lines').notNullable();
      t.uuid('supersedes_id').references('scorecards.id');
      t.uuid('appeal_id');
      t.text('reason');
      t.date('issued_on').notNullable();
      t.timestamp('issued_at', { useTz: true }).notNullable();
      t.unique(['agent_id', 'month', 'version']);
      t.index(['tenant_id', 'issued_at', 'id']);
    });
    await knex.raw(`alter table scorecards add constraint scorecards_total check (total_tenths between 0 and 1000)`);
    // A published scorecard is a document, like a bill: corrected by a new version, never edited.
    await knex.raw(`
      create function scorecards_immutable() returns trigger language plpgsql as $$
      begin
        raise exception 'scorecards are immutable: an upheld appeal issues a new version';
      end $$`);
    await knex.raw(`create trigger scorecards_no_update before update or delete on scorecards for each row execute function scorecards_immutable()`);

    await knex.schema.createTable('appeals', (t) => {
      t.uuid('id').primary();
      t.uuid('tenant_id').notNullable();
      t.uuid('agent_id').notNullable();
      t.uuid('scorecard_id').notNullable().references('scorecards.id');
      t.text('reason').notNullable();
      t.date('lodged_on').notNullable();
      t.timestamp('lodged_at', { useTz: true }).notNullable();
      t.text('lodged_by').notNullable();
      t.date('answer_due_on').notNullable();
      t.text('status').notNullable();
      t.text('decision_reason');
      t.date('decided_on');
      t.timestamp('decided_at', { useTz: true });
      t.text('decided_by');
      t.uuid('corrected_scorecard_id').references('scorecards.id');
      t.index(['tenant_id', 'lodged_at', 'id']);
    });
    await knex.raw(`alter table appeals add constraint appeals_status check (status in ('pending','upheld','refused'))`);
    await knex.raw(`create unique index appeals_one_pending on appeals (scorecard_id) where status = 'pending'`);

    await knex.schema.createTable('year_end_evaluations', (t) => {
      t.uuid('id').primary();
      t.uuid('tenant_id').notNullable();
      t.uuid('agent_id').notNullable().references('agents.id');
      t.integer('year').notNullable();
      t.integer('score_tenths').notNullable();
      t.text('note');
      t.text('recorded_by').notNullable();
      t.timestamp('created_at', { useTz: true }).notNullable();
      t.unique(['agent_id', 'year']);
    });
    await knex.raw(`alter table year_end_evaluations add constraint year_end_score check (score_tenths between 0 and 1000)`);

    await knex.schema.createTable('tenant_settings', (t) => {
      t.uuid('tenant_id').primary();
      t.integer('excellent_from_tenths').notNullable();
      t.integer('fail_below_tenths').notNullable();
      t.integer('year_end_weight_percent').notNullable();
      t.timestamp('updated_at', { useTz: true }).notNullable();
    });
  },
};

export const migrations: readonly Migration[] = [initial, idempotentRequests, scorecardMail, seatLogWorkload];
