import type { IsoDate, Month } from '@seatlease/shared';
import type { Db } from '../agents/agent.repository';

export interface EventRow {
  id: string;
  tenant_id: string;
  agent_id: string;
  item_code: string;
  occurred_on: IsoDate;
  month: Month;
  count: number;
  self_reported: boolean;
  note: string | null;
  recorded_by: string;
  appeal_id: string | null;
  created_at: Date;
  voided_at: Date | null;
  void_reason: string | null;
}

export const events = {
  get: (db: Db, id: string) => db<EventRow>('events').where({ id }).first(),
  insert: (db: Db, row: EventRow) => db('events').insert(row),
  void: (db: Db, id: string, at: Date, reason: string) => db('events').where({ id }).whereNull('voided_at').update({ voided_at: at, void_reason: reason }),
  liveOf: (db: Db, agentId: string, month: Month) => db<EventRow>('events').where({ agent_id: agentId, month }).whereNull('voided_at').orderBy([{ column: 'occurred_on' }, { column: 'created_at' }, { column: 'id' }]),
  /** Every live event of a tenant's month, each agent's in the order liveOf gives them. */
  liveOfTenantMonth: (db: Db, tenantId: string, month: Month) =>
    db<EventRow>('events').where({ tenant_id: tenantId, month }).whereNull('voided_at').orderBy([{ column: 'agent_id' }, { column: 'occurred_on' }, { column: 'created_at' }, { column: 'id' }]),
  query: (db: Db) => db<EventRow>('events'),
};
