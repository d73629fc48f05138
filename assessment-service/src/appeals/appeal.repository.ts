import type { IsoDate } from '@seatlease/shared';
import type { Db } from '../agents/agent.repository';

export interface AppealRow {
  id: string;
  tenant_id: string;
  agent_id: string;
  scorecard_id: string;
  reason: string;
  lodged_on: IsoDate;
  lodged_at: Date;
  lodged_by: string;
  answer_due_on: IsoDate;
  status: 'pending' | 'upheld' | 'refused';
  decision_reason: string | null;
  decided_on: IsoDate | null;
  decided_at: Date | null;
  decided_by: string | null;
  corrected_scorecard_id: string | null;
}

export const appeals = {
  get: (db: Db, id: string) => db<AppealRow>('appeals').where({ id }).first(),
  insert: (db: Db, row: AppealRow) => db('appeals').insert(row),
  pendingFor: (db: Db, scorecardId: string) => db<AppealRow>('appeals').where({ scorecard_id: scorecardId, status: 'pending' }).first(),
  /** The one change an appeal ever gets: its answer (pending → upheld | refused). */
  decide: (db: Db, id: string, d: Pick<AppealRow, 'status' | 'decision_reason' | 'decided_on' | 'decided_at' | 'decided_by' | 'corrected_scorecard_id'>) =>
    db('appeals').where({ id, status: 'pending' }).update(d),
  query: (db: Db) => db<AppealRow>('appeals'),
};
