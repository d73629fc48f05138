/** Only repositories touch the database (STYLE habit 8). */
import type { Knex } from 'knex';
import type { IsoDate } from '@seatlease/shared';
import type { AgentRole } from '../rules/catalogue';

export type Db = Knex | Knex.Transaction;

export interface AgentRow {
  id: string;
  tenant_id: string;
  name: string;
  employee_no: string | null;
  /** Where the scorecard is mailed when a month is published (null: not mailed). */
  email: string | null;
  /** The agent's account in the seat shift log (its seats' calls count as handled, docs/decisions/0075). */
  seat_account: string | null;
  roles: AgentRole[];
  joined_on: IsoDate;
  created_at: Date;
}

export const agents = {
  get: (db: Db, id: string) => db<AgentRow>('agents').where({ id }).first(),
  insert: (db: Db, row: AgentRow) => db('agents').insert(row),
  withSeatAccount: (db: Db, tenantId: string) => db<AgentRow>('agents').where({ tenant_id: tenantId }).whereNotNull('seat_account'),
  bySeatAccount: (db: Db, tenantId: string, account: string) => db<AgentRow>('agents').where({ tenant_id: tenantId, seat_account: account }).first(),
  ofTenant: (db: Db, tenantId: string) => db<AgentRow>('agents').where({ tenant_id: tenantId }).orderBy([{ column: 'created_at' }, { column: 'id' }]),
  query: (db: Db) => db<AgentRow>('agents'),
};
