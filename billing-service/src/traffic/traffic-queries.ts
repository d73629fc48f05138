import Papa from 'papaparse';
import { idOr404, monthOf, notFound, parseWith, ruleBroken, toShanghaiInstant, today as todayOf, type BillingFacts, type Month } from '@seatlease/shared';
import { factsFor } from '../facts/facts.client';
import type { Caller, Deps } from '../deps';
import { trafficRows } from './traffic.repository';
import { buildTrafficReport, trafficCsvRows, type TrafficReport } from './traffic-report';
import { renderTrafficReportPdf } from './traffic-report-pdf';
import { TrafficQuery as trafficQuery } from '@seatlease/shared/src/api';

/** The seat-open seconds of a month, from contract-service's shift log (its internal seam). */
async function seatOpenSeconds(deps: Deps, contractId: string, period: Month, nowMs: number, requestId?: string) {
  const res = await deps.contracts.expect<{ seats: Array<{ seat: string; seconds: number }> }>('GET', `/internal/contracts/${contractId}/seat-hours?period=${period}`, undefined, { nowMs, requestId });
  return res.seats;
}

export async function trafficReportFor(deps: Deps, facts: BillingFacts, period: Month, nowMs: number, requestId?: string): Promise<TrafficReport> {
  const [rows, openSeconds] = await Promise.all([trafficRows(deps.knex, facts.contractId, period), seatOpenSeconds(deps, facts.contractId, period, nowMs, requestId)]);
  return buildTrafficReport({
    contractId: facts.contractId,
    tenantId: facts.tenantId,
    tenantName: facts.tenantName,
    period,
    generatedAt: toShanghaiInstant(nowMs),
    types: rows.types,
    hours: rows.hours,
    openSeconds,
  });
}

export type TrafficAnswer = { type: 'json'; body: TrafficReport } | { type: 'csv' | 'pdf'; filename: string; body: Buffer | string };

/** GET /v1/contracts/:id/traffic (tenant roles: their own contracts only). */
export async function getTraffic(deps: Deps, caller: Caller, contractId: string, query: unknown): Promise<TrafficAnswer> {
  const q = parseWith(trafficQuery, query);
  const nowMs = caller.clock.nowMs();
  const facts = await factsFor(deps.contracts, idOr404(contractId, 'contract'), nowMs, caller.requestId);
  if (caller.scopeTenantId !== null && facts.tenantId !== caller.scopeTenantId) throw notFound(`contract ${contractId}`);
  if (q.period > monthOf(todayOf(caller.clock))) throw ruleBroken('period', `${q.period} has not begun`);
  if (q.period < facts.startMonth || q.period > monthOf(facts.endDate)) {
    throw ruleBroken('period', `the contract runs from ${facts.startMonth} to ${monthOf(facts.endDate)}`);
  }
  const report = await trafficReportFor(deps, facts, q.period, nowMs, caller.requestId);
  const filename = `traffic-${facts.contractId}-${q.period}`;
  if (q.format === 'csv') return { type: 'csv', filename: `${filename}.csv`, body: '\ufeff' + Papa.unparse(trafficCsvRows(report)) + '\r\n' };
  if (q.format === 'pdf') return { type: 'pdf', filename: `${filename}.pdf`, body: await renderTrafficReportPdf(report, deps.config.SEATLEASE_PARTY_A_NAME) };
  return { type: 'json', body: report };
}
