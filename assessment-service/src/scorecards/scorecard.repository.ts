import type { IsoDate, Month } from '@seatlease/shared';
import type { Db } from '../agents/agent.repository';
import type { PartScore, ScorecardLine } from '../rules/scorecard';

export interface PublicationRow {
  id: string;
  tenant_id: string;
  month: Month;
  catalogue_version: number;
  published_on: IsoDate;
  published_at: Date;
  published_by: string;
}

export interface ScorecardRow {
  id: string;
  publication_id: string;
  tenant_id: string;
  agent_id: string;
  month: Month;
  version: number;
  catalogue_version: number;
  total_tenths: number;
  parts: PartScore[];
  lines: ScorecardLine[];
  supersedes_id: string | null;
  appeal_id: string | null;
  reason: string | null;
  issued_on: IsoDate;
  issued_at: Date;
}

export const publications = {
  /** A transaction-scoped lock on one tenant's month: publishing and recording into it take turns. */
  lockMonth: (db: Db, tenantId: string, month: Month) => db.raw('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`assessment:${tenantId}:${month}`]),
  get: (db: Db, id: string) => db<PublicationRow>('publications').where({ id }).first(),
  find: (db: Db, tenantId: string, month: Month) => db<PublicationRow>('publications').where({ tenant_id: tenantId, month }).first(),
  insert: (db: Db, row: PublicationRow) => db('publications').insert(row),
  async latestMonth(db: Db): Promise<Month | null> {
    const r = await db('publications').max<{ max: string | null }>('month as max').first();
    return r?.max ?? null;
  },
};

export const scorecards = {
  get: (db: Db, id: string) => db<ScorecardRow>('scorecards').where({ id }).first(),
  insert: (db: Db, row: ScorecardRow) => db('scorecards').insert({ ...row, parts: JSON.stringify(row.parts), lines: JSON.stringify(row.lines) }),
  insertMany: async (db: Db, rows: readonly ScorecardRow[]) => {
    for (let i = 0; i < rows.length; i += 500) await db('scorecards').insert(rows.slice(i, i + 500).map((row) => ({ ...row, parts: JSON.stringify(row.parts), lines: JSON.stringify(row.lines) })));
  },
  latestOf: (db: Db, agentId: string, month: Month) => db<ScorecardRow>('scorecards').where({ agent_id: agentId, month }).orderBy('version', 'desc').first(),
  /** The current (latest) version of each published month of an agent's year. */
  latestOfYear: (db: Db, agentId: string, year: number) =>
    db<ScorecardRow>('scorecards')
      .distinctOn('month')
      .where({ agent_id: agentId })
      .whereBetween('month', [`${year}-01`, `${year}-12`])
      .orderBy([{ column: 'month' }, { column: 'version', order: 'desc' }]),
  ofPublication: (db: Db, publicationId: string) => db<ScorecardRow>('scorecards').where({ publication_id: publicationId, version: 1 }).orderBy('agent_id'),
  query: (db: Db) => db<ScorecardRow>('scorecards'),
};
