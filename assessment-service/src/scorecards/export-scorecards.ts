/** GET /v1/scorecards/export?format=csv&month=&tenantId=: the month grid of the current versions. */
import { notFound, parseWith, ruleBroken } from '@seatlease/shared';
import type { Caller, Deps } from '../deps';
import { monthGridCsv } from './month-grid';
import { scorecards } from './scorecard.repository';
import { ScorecardExportQuery as query } from '@seatlease/shared/src/api';

/** A limit on everything: one export holds at most this many agents. */
const MAX_ROWS = 5000;

export async function exportScorecards(deps: Deps, caller: Caller, input: unknown) {
  const q = parseWith(query, input);
  let tenantId = q.tenantId;
  if (caller.scopeTenantId !== null) {
    if (tenantId !== undefined && tenantId !== caller.scopeTenantId) throw notFound(`tenant ${tenantId}`);
    tenantId = caller.scopeTenantId;
  } else if (tenantId === undefined) {
    throw ruleBroken('tenantId', 'staff must name the tenant (tenantId)');
  }
  const rows = await scorecards
    .query(deps.knex)
    .distinctOn('agent_id')
    .where({ tenant_id: tenantId, month: q.month })
    .orderBy([{ column: 'agent_id' }, { column: 'version', order: 'desc' }])
    .limit(MAX_ROWS);
  return { filename: `scorecards-${q.month}.csv`, csv: await monthGridCsv(deps.knex, tenantId, rows) };
}
