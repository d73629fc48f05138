import type { Month } from '@seatlease/shared';
import { appealWindow } from '../rules/appeal-window';
import { formatTenths } from '../rules/points';
import type { MonthScore, PartScore, ScorecardLine } from '../rules/scorecard';
import type { ScorecardRow } from './scorecard.repository';

const partView = (p: PartScore) => ({
  part: p.part,
  title: p.title,
  clause: p.clause,
  max: formatTenths(p.maxTenths),
  deductions: formatTenths(p.deductionsTenths),
  bonuses: formatTenths(p.bonusesTenths),
  score: formatTenths(p.scoreTenths),
  maxTenths: p.maxTenths,
  deductionsTenths: p.deductionsTenths,
  bonusesTenths: p.bonusesTenths,
  uncappedTenths: p.uncappedTenths,
  scoreTenths: p.scoreTenths,
  capped: p.uncappedTenths !== p.scoreTenths,
});

const lineView = (l: ScorecardLine) => ({ ...l, unitPoints: formatTenths(l.unitTenths), points: formatTenths(l.pointsTenths) });

/** A computed month (preview: nothing stored). */
export function scoreView(agentId: string, month: Month, catalogueVersion: number, s: MonthScore) {
  return { agentId, month, catalogueVersion, total: formatTenths(s.totalTenths), totalTenths: s.totalTenths, parts: s.parts.map(partView), lines: s.lines.map(lineView) };
}

/** A published scorecard version. Points are strings with one decimal and `*Tenths` integers. */
export function scorecardView(s: ScorecardRow) {
  return {
    id: s.id,
    tenantId: s.tenant_id,
    agentId: s.agent_id,
    month: s.month,
    version: s.version,
    catalogueVersion: s.catalogue_version,
    total: formatTenths(s.total_tenths),
    totalTenths: s.total_tenths,
    parts: s.parts.map(partView),
    lines: s.lines.map(lineView),
    supersedesId: s.supersedes_id,
    appealId: s.appeal_id,
    reason: s.reason,
    issuedOn: s.issued_on,
    issuedAt: s.issued_at.toISOString(),
    appealWindow: appealWindow(s.issued_on),
  };
}
