/** GET/PUT /v1/tenants/:id/assessment-settings: a tenant's year bands and year-end weight (docs/decisions/0038). */
import { idOr404, notFound, parseWith, ruleBroken, z } from '@seatlease/shared';
import type { Caller, Deps } from '../deps';
import { formatTenths } from '../rules/points';
import type { YearBands } from '../rules/year';
import { settings } from './year.repository';

const tenths = (name: string) => z.number({ message: `${name} must be tenths of a point, 0–1000` }).int({ message: 'must be whole tenths' }).min(0, { message: 'must be at least 0' }).max(1000, { message: 'must be at most 1000' });
const body = z
  .object({
    excellentFromTenths: tenths('excellentFromTenths'),
    failBelowTenths: tenths('failBelowTenths'),
    yearEndWeightPercent: z.number({ message: 'must be a whole percent 0–100' }).int({ message: 'must be a whole percent' }).min(0, { message: 'must be at least 0' }).max(100, { message: 'must be at most 100' }),
    /** The supervisors who get each published month by mail (docs/decisions/0074); omitted: unchanged. */
    supervisorEmails: z
      .array(z.string().trim().email({ message: 'must be an email address' }).max(254), { message: 'must be a list of email addresses' })
      .max(20, { message: 'at most 20 addresses' })
      .optional(),
  })
  .strict();

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
