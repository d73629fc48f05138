/** GET/PUT /v1/tenants/:id/assessment-settings: a tenant's year bands and year-end weight (docs/decisions/0038). */
import { idOr404, notFound, parseWith, ruleBroken } from '@seatlease/shared';
import type { Caller, Deps } from '../deps';
import { formatTenths } from '../rules/points';
import type { YearBands } from '../rules/year';
import { settings } from './year.repository';
import { AssessmentSettingsSet as body } from '@seatlease/shared/src/api';

async function tenantOf(deps: Deps, caller: Caller, id: string): Promise<string> {
  const tenantId = idOr404(id, 'tenant');
  if (caller.scopeTenantId !== null && caller.scopeTenantId !== tenantId) throw notFound(`tenant ${id}`);
  if (caller.scopeTenantId === null && deps.tenants && !(await deps.tenants.tenantExists(tenantId, caller.requestId))) throw notFound(`tenant ${id}`);
  return tenantId;
}

const view = (tenantId: string, b: YearBands, supervisorEmails: string[]) => ({
  tenantId,
  ...b,
  supervisorEmails,
  excellentFrom: formatTenths(b.excellentFromTenths),
  failBelow: formatTenths(b.failBelowTenths),
});

export async function getAssessmentSettings(deps: Deps, caller: Caller, id: string) {
  const tenantId = await tenantOf(deps, caller, id);
  return view(tenantId, await settings.bandsOf(deps.knex, tenantId), await settings.supervisorEmailsOf(deps.knex, tenantId));
}

export async function putAssessmentSettings(deps: Deps, caller: Caller, id: string, input: unknown) {
  const b = parseWith(body, input);
  const tenantId = await tenantOf(deps, caller, id);
  if (b.failBelowTenths > b.excellentFromTenths) throw ruleBroken('failBelowTenths', 'must not be above excellentFromTenths');
  await settings.put(deps.knex, tenantId, b, new Date(caller.clock.nowMs()));
  return view(tenantId, await settings.bandsOf(deps.knex, tenantId), await settings.supervisorEmailsOf(deps.knex, tenantId));
}
