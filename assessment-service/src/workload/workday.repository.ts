import type { IsoDate, Month } from '@seatlease/shared';
import type { Db } from '../agents/agent.repository';
import type { AgentRole } from '../rules/catalogue';

export interface WorkdayRowDb {
  id: string;
  tenant_id: string;
  agent_id: string;
  role: AgentRole;
  work_date: IsoDate;
  month: Month;
  handled: number;
  /** `recorded` by a supervisor, or derived at publication from the seat shift log and the calls (docs/decisions/0075). */
  source: 'recorded' | 'seat_log';
  recorded_by: string;
  created_at: Date;
  voided_at: Date | null;
  void_reason: string | null;
}

export const workdays = {
  get: (db: Db, id: string) => db<WorkdayRowDb>('workdays').where({ id }).first(),
  insert: (db: Db, row: WorkdayRowDb) => db('workdays').insert(row),
  insertMany: async (db: Db, rows: readonly WorkdayRowDb[]) => {
    for (let i = 0; i < rows.length; i += 1000) await db('workdays').insert(rows.slice(i, i + 1000));
  },
  liveOn: (db: Db, agentId: string, date: IsoDate, role: AgentRole) => db<WorkdayRowDb>('workdays').where({ agent_id: agentId, work_date: date, role }).whereNull('voided_at').first(),
  /** Every live day of a tenant's month: the benchmark is the whole centre's. */
  liveOfTenantMonth: (db: Db, tenantId: string, month: Month) => db<WorkdayRowDb>('workdays').where({ tenant_id: tenantId, month }).whereNull('voided_at'),
  void: (db: Db, id: string, at: Date, reason: string) => db('workdays').where({ id }).whereNull('voided_at').update({ voided_at: at, void_reason: reason }),
  query: (db: Db) => db<WorkdayRowDb>('workdays'),
};
