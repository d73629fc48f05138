/**
 * GET /v1/agents/:id/years/:year: the year from the current version of each published month and
 * the year-end evaluation (rules/year.ts), with the year before for 一(十)'s flag.
 */
import { notFound } from '@seatlease/shared';
import type { Caller, Deps } from '../deps';
import type { AgentRow, Db } from '../agents/agent.repository';
import { loadVisibleAgent } from '../agents/agent-access';
import { scorecards } from '../scorecards/scorecard.repository';
import { formatTenths } from '../rules/points';
import { twoFailingYears, yearResult, type YearBands, type YearResult } from '../rules/year';
import { settings, yearEnds } from './year.repository';

async function resultOf(db: Db, agent: AgentRow, year: number, bands: YearBands) {
  const months = await scorecards.latestOfYear(db, agent.id, year);
  const yearEnd = await yearEnds.of(db, agent.id, year);
  return { months, result: yearResult(months.map((m) => m.total_tenths), yearEnd?.score_tenths ?? null, bands) };
}

const show = (t: number | null) => (t === null ? null : formatTenths(t));

function resultView(r: YearResult) {
  return {
    monthsCounted: r.monthsCounted,
    monthlyAverage: show(r.monthlyAverageTenths),
    yearEnd: show(r.yearEndTenths),
    score: show(r.scoreTenths),
    scoreTenths: r.scoreTenths,
    band: r.band,
    provisional: r.provisional,
  };
}

export async function getYear(deps: Deps, caller: Caller, agentId: string, yearParam: string) {
  if (!/^\d{4}$/.test(yearParam)) throw notFound(`year ${yearParam}`);
  const year = Number(yearParam);
  const agent = await loadVisibleAgent(deps.knex, caller, agentId);
  const bands = await settings.bandsOf(deps.knex, agent.tenant_id);
  const current = await resultOf(deps.knex, agent, year, bands);
  const previous = await resultOf(deps.knex, agent, year - 1, bands);
  const flagged = twoFailingYears(current.result, previous.result);
  return {
    agentId: agent.id,
    year,
    bands: { excellentFrom: formatTenths(bands.excellentFromTenths), failBelow: formatTenths(bands.failBelowTenths), yearEndWeightPercent: bands.yearEndWeightPercent },
    months: current.months.map((m) => ({ month: m.month, scorecardId: m.id, version: m.version, total: formatTenths(m.total_tenths), totalTenths: m.total_tenths })),
    ...resultView(current.result),
    previousYear: { year: year - 1, ...resultView(previous.result) },
    hrFlag: flagged,
    hrFlagReason: flagged ? `连续两年考核不及格 (一(十)): ${year - 1} and ${year} both below ${formatTenths(bands.failBelowTenths)}` : null,
  };
}
