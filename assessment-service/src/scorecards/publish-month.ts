/**
 * POST /v1/assessment-publications {tenantId, month}: 每月统计公布 (一(三)). Once the month is
 * over, every agent of the tenant who had joined by its last day gets scorecard version 1,
 * computed from the month's live events and workload with the catalogue in force for the month.
 * A published scorecard is immutable, like a bill; a month is published once (409 after).
 */
import { randomUUID } from 'node:crypto';
import { compareDates, conflict, lastDayOfMonth, month, notFound, parseWith, ruleBroken, addDays, today as todayOf, uuid, z } from '@seatlease/shared';
import type { Caller, Deps } from '../deps';
import { agents } from '../agents/agent.repository';
import { catalogues } from '../catalogue/catalogue.repository';
import { formatTenths } from '../rules/points';
import { computeScorecard } from './compute-scorecard';
import { publications, scorecards } from './scorecard.repository';

const body = z.object({ tenantId: uuid().optional(), month: month() }).strict();

export async function publishMonth(deps: Deps, caller: Caller, input: unknown) {
  const b = parseWith(body, input);
  let tenantId = b.tenantId;
  if (caller.scopeTenantId !== null) {
    if (tenantId !== undefined && tenantId !== caller.scopeTenantId) throw notFound(`tenant ${tenantId}`);
    tenantId = caller.scopeTenantId;
  } else if (tenantId === undefined) {
    throw ruleBroken('tenantId', 'staff must name the tenant whose month is published (tenantId)');
  }
  const today = todayOf(caller.clock);
  const lastDay = lastDayOfMonth(b.month);
  if (compareDates(today, lastDay) <= 0) throw ruleBroken('month', `${b.month} is not over: it can be published from ${addDays(lastDay, 1)}`);
  const now = new Date(caller.clock.nowMs());
  return deps.knex.transaction(async (trx) => {
    await publications.lockMonth(trx, tenantId, b.month);
    const existing = await publications.find(trx, tenantId, b.month);
    if (existing) throw conflict(`${b.month} is already published for this tenant (publication ${existing.id}, ${existing.published_on})`, { publicationId: existing.id });
    const staff = (await agents.ofTenant(trx, tenantId)).filter((a) => compareDates(a.joined_on, lastDay) <= 0);
    if (staff.length === 0) throw ruleBroken('month', `no agent of this tenant had joined by ${lastDay}: nothing to publish`);
    const catalogue = await catalogues.forMonth(trx, b.month);
    const publicationId = randomUUID();
    await publications.insert(trx, { id: publicationId, tenant_id: tenantId, month: b.month, catalogue_version: catalogue.version, published_on: today, published_at: now, published_by: caller.actor.keyId });
    const issued = [];
    for (const agent of staff) {
      const score = await computeScorecard(trx, agent, b.month, catalogue);
      const id = randomUUID();
      await scorecards.insert(trx, {
        id,
        publication_id: publicationId,
        tenant_id: tenantId,
        agent_id: agent.id,
        month: b.month,
        version: 1,
        catalogue_version: catalogue.version,
        total_tenths: score.totalTenths,
        parts: score.parts,
        lines: score.lines,
        supersedes_id: null,
        appeal_id: null,
        reason: null,
        issued_on: today,
        issued_at: now,
      });
      issued.push({ id, agentId: agent.id, agentName: agent.name, total: formatTenths(score.totalTenths), totalTenths: score.totalTenths });
    }
    return { id: publicationId, tenantId, month: b.month, catalogueVersion: catalogue.version, publishedOn: today, publishedAt: now.toISOString(), scorecards: issued };
  });
}
