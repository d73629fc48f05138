/**
 * A tenant's month as CSV (papaparse): one row per agent's current scorecard, the three parts,
 * the total, then one column per item that appears in the month (points, one decimal). The
 * supervisor's month grid, agents × items.
 */
import Papa from 'papaparse';
import { formatTenths } from '../rules/points';
import type { ScorecardRow } from '../scorecards/scorecard.repository';

export function scorecardsCsv(rows: ReadonlyArray<{ scorecard: ScorecardRow; agentName: string }>): string {
  const itemColumns: string[] = [];
  for (const { scorecard } of rows) {
    for (const l of scorecard.lines) {
      const key = `${l.clause} ${l.itemCode}${l.selfReported ? ' (self-reported)' : ''}`;
      if (!itemColumns.includes(key)) itemColumns.push(key);
    }
  }
  const fields = ['agentId', 'agentName', 'month', 'version', 'scorecardId', 'issuedOn', 'internal', 'discipline', 'business', 'total', ...itemColumns];
  const data = rows.map(({ scorecard: s, agentName }) => {
    const part = (p: string) => formatTenths(s.parts.find((x) => x.part === p)!.scoreTenths);
    const items = Object.fromEntries(
      s.lines.map((l) => [`${l.clause} ${l.itemCode}${l.selfReported ? ' (self-reported)' : ''}`, formatTenths(l.pointsTenths)]),
    );
    return { agentId: s.agent_id, agentName, month: s.month, version: s.version, scorecardId: s.id, issuedOn: s.issued_on, internal: part('internal'), discipline: part('discipline'), business: part('business'), total: formatTenths(s.total_tenths), ...items };
  });
  // A leading apostrophe keeps a spreadsheet from running a cell that starts with = + - @ (names
  // are free text); a signed number such as -0.5 is left as it is.
  return Papa.unparse({ fields, data: data.map((d) => fields.map((f) => (d as Record<string, unknown>)[f] ?? '')) }, { escapeFormulae: /^[=+\-@\t\r](?!\d+(\.\d+)?$)/ });
}
