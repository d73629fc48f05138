import { firstDayOfMonth, shanghaiDate, toShanghaiInstant, type IsoDate } from '@seatlease/shared';
import type { Knex } from 'knex';
import type { TenantRow } from '../contracts/contract.repository';
import type { ContractState } from '../contracts/contract-state';
import { contractedSeats } from '../contracts/contract-state';
import {
  incidentNotices,
  type IncidentContractRow,
  type IncidentNoticeKind,
  type IncidentRow,
} from './incident.repository';

export type IncidentStatus = 'open' | 'resolved';

/**
 * An incident as the API shows it. A tenant-role caller sees only its own contracts on it (the
 * incident may span other tenants, whose names and seats are not theirs to know).
 */
export function incidentView(row: IncidentRow, links: readonly IncidentContractRow[], scopeTenantId: string | null) {
  const mine = scopeTenantId ? links.filter((l) => l.tenant_id === scopeTenantId) : links;
  return {
    id: row.id,
    status: (row.ended_at ? 'resolved' : 'open') as IncidentStatus,
    startedAt: toShanghaiInstant(row.started_at),
    endedAt: row.ended_at ? toShanghaiInstant(row.ended_at) : null,
    cause: row.cause,
    severity: row.severity,
    description: row.description,
    scope: row.all_contracts && !scopeTenantId ? 'all' : 'contracts',
    contracts: mine.map((l) => ({
      contractId: l.contract_id,
      seatsAffected: l.seats_affected,
      outageId: l.outage_id,
    })),
    seatLogId: row.seat_log_id,
    createdAt: toShanghaiInstant(row.created_at),
    resolvedAt: row.resolved_at ? toShanghaiInstant(row.resolved_at) : null,
  };
}

/** Whether a contract is in service on a date (signed term, not past its last day). */
export function inService(state: ContractState, date: IsoDate): boolean {
  return date >= firstDayOfMonth(state.row.start_month) && date <= state.lastDay;
}

/** The seats an incident may affect on a contract: every seat it has contracted at the start. */
export function seatsAt(state: ContractState, startedAt: Date): number {
  return contractedSeats(state, shanghaiDate(startedAt));
}

/**
 * Queues one notice per affected tenant (第六条: 大故障预警告知用户). Keyed (incident, tenant,
 * kind): a second call — a retried request, a severity raised twice — owes nothing new.
 */
export async function owePerTenant(
  trx: Knex.Transaction,
  kind: IncidentNoticeKind,
  incident: IncidentRow,
  links: readonly IncidentContractRow[],
  tenants: ReadonlyMap<string, TenantRow>,
  owedAtMs: number,
): Promise<number> {
  const byTenant = new Map<string, IncidentContractRow[]>();
  for (const l of links) byTenant.set(l.tenant_id, [...(byTenant.get(l.tenant_id) ?? []), l]);
  const rows = [...byTenant].map(([tenantId, mine]) => {
    const tenant = tenants.get(tenantId)!;
    return {
      key: `incident:${incident.id}:${tenantId}:${kind}`,
      incident_id: incident.id,
      tenant_id: tenantId,
      kind,
      payload: {
        owedAt: new Date(owedAtMs).toISOString(),
        tenantName: tenant.name,
        recipients: tenant.billing_emails,
        incident: {
          id: incident.id,
          startedAt: incident.started_at.toISOString(),
          endedAt: incident.ended_at?.toISOString() ?? null,
          cause: incident.cause,
          description: incident.description,
          contracts: mine.map((l) => ({ contractId: l.contract_id, seatsAffected: l.seats_affected })),
        },
      },
    };
  });
  await incidentNotices.insert(trx, rows);
  return rows.length;
}
