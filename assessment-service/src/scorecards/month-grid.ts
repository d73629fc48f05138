/** A tenant's month grid (agents × items) as CSV, rows in the order of the agents' names. */
import type { Db } from '../agents/agent.repository';
import { agents } from '../agents/agent.repository';
import { scorecardsCsv } from '../documents/scorecard-csv';
import type { ScorecardRow } from './scorecard.repository';

export async function monthGridCsv(db: Db, tenantId: string, rows: readonly ScorecardRow[]): Promise<string> {
  const names = new Map((await agents.ofTenant(db, tenantId)).map((a) => [a.id, a.name]));
  const ordered = rows
    .map((s) => ({ scorecard: s, agentName: names.get(s.agent_id) ?? '' }))
    .sort((a, b) => a.agentName.localeCompare(b.agentName, 'zh') || a.scorecard.agent_id.localeCompare(b.scorecard.agent_id));
  return scorecardsCsv(ordered);
}
