/** Only repositories touch the database (STYLE habit 8): incidents and the notices they owe. */
import type { Knex } from 'knex';
import { keysetPage, type PageRequest, type SortKey } from '@seatlease/shared';
import type { ContractRow, Db } from '../contracts/contract.repository';

export type IncidentCause = 'provider' | 'tenant' | 'maintenance';
export type IncidentSeverity = 'major' | 'minor';
export type IncidentNoticeKind = 'major_fault_warning' | 'service_restored';

export interface IncidentRow {
  id: string;
  started_at: Date;
  ended_at: Date | null;
  cause: IncidentCause;
  severity: IncidentSeverity;
  description: string;
  all_contracts: boolean;
  seat_log_id: string | null;
  created_at: Date;
  resolved_at: Date | null;
}

export interface IncidentContractRow {
  incident_id: string;
  contract_id: string;
  tenant_id: string;
  seats_affected: number;
  outage_id: string | null;
}

export interface IncidentNoticeRow {
  key: string;
  incident_id: string;
  tenant_id: string;
  kind: IncidentNoticeKind;
  payload: IncidentNoticePayload;
  status: 'pending' | 'relayed';
  attempts: number;
  last_error: string | null;
  next_attempt_at: Date;
  created_at: Date;
  relayed_at: Date | null;
}

/** What billing-service needs to write the mail: everything, so it reads nothing back. */
export interface IncidentNoticePayload {
  /** The instant the notice became owed (the caller's clock; the test clock in tests). */
  owedAt: string;
  tenantName: string;
  recipients: string[];
  incident: {
    id: string;
    startedAt: string;
    endedAt: string | null;
    cause: IncidentCause;
    description: string;
    contracts: Array<{ contractId: string; seatsAffected: number }>;
  };
}

/** The incidents list's order: latest start first, the id breaking ties (index incidents (started_at, id)). */
const INCIDENT_ORDER: readonly SortKey[] = [{ column: 'i.started_at', type: 'timestamptz' }, { column: 'i.id', type: 'uuid' }];

export const incidents = {
  /** The contracts an incident may name, in id order (the order every writer locks them in). */
  scopeContracts: (db: Db, ids: readonly string[] | 'all') =>
    ids === 'all' ? db<ContractRow>('contracts').orderBy('id') : db<ContractRow>('contracts').whereIn('id', ids).orderBy('id'),
  get: (db: Db, id: string) => db<IncidentRow>('incidents').where({ id }).first(),
  lock: (db: Knex.Transaction, id: string) => db<IncidentRow>('incidents').where({ id }).forUpdate().first(),
  insert: (db: Db, row: IncidentRow) => db('incidents').insert(row),
  update: (db: Db, id: string, patch: Partial<IncidentRow>) => db('incidents').where({ id }).update(patch),
  contractsOf: (db: Db, ids: readonly string[]) =>
    ids.length ? db<IncidentContractRow>('incident_contracts').whereIn('incident_id', ids).orderBy(['incident_id', 'contract_id']) : Promise.resolve([] as IncidentContractRow[]),
  insertContracts: (db: Db, rows: IncidentContractRow[]) => (rows.length ? db('incident_contracts').insert(rows) : Promise.resolve()),
  setSeats: (db: Db, incidentId: string, contractId: string, seats: number) =>
    db('incident_contracts').where({ incident_id: incidentId, contract_id: contractId }).update({ seats_affected: seats }),
  setOutage: (db: Db, incidentId: string, contractId: string, outageId: string) =>
    db('incident_contracts').where({ incident_id: incidentId, contract_id: contractId }).update({ outage_id: outageId }),
  /**
   * A page of incidents, latest start first, filtered in SQL before the limit: `tenantId` and
   * `contractId` through incident_contracts (indexed by both), `status=open` by the partial index
   * of open incidents.
   */
  page: (db: Db, f: { tenantId?: string | undefined; contractId?: string | undefined; status?: 'open' | 'resolved' | undefined }, page: PageRequest) => {
    const q = db<IncidentRow>('incidents as i').select('i.*');
    if (f.tenantId || f.contractId) {
      q.whereExists(function () {
        this.select(db.raw('1')).from('incident_contracts as ic').whereRaw('ic.incident_id = i.id');
        if (f.tenantId) this.where('ic.tenant_id', f.tenantId);
        if (f.contractId) this.where('ic.contract_id', f.contractId);
      });
    }
    if (f.status === 'open') q.whereNull('i.ended_at');
    if (f.status === 'resolved') q.whereNotNull('i.ended_at');
    return keysetPage<IncidentRow>(db, q, INCIDENT_ORDER, page);
  },
  /** Open incidents touching a contract at an instant (started, not yet ended then). */
  openOn: (db: Db, contractId: string, at: Date) =>
    db<IncidentRow>('incidents as i')
      .select('i.*')
      .join('incident_contracts as ic', 'ic.incident_id', 'i.id')
      .where('ic.contract_id', contractId)
      .where('i.started_at', '<=', at)
      .where((w) => w.whereNull('i.ended_at').orWhere('i.ended_at', '>', at)),
};

export const incidentNotices = {
  /** Once per key: replaying the same owed notice changes nothing. */
  insert: (db: Db, rows: Array<Pick<IncidentNoticeRow, 'key' | 'incident_id' | 'tenant_id' | 'kind' | 'payload'>>) =>
    rows.length
      ? db('incident_notices')
          .insert(rows.map((r) => ({ ...r, payload: JSON.stringify(r.payload), next_attempt_at: new Date() })))
          .onConflict('key')
          .ignore()
      : Promise.resolve(),
  /** Due rows, locked so that two replicas relaying at once take different rows. */
  claimDue: (trx: Knex.Transaction, now: Date, limit: number) =>
    trx<IncidentNoticeRow>('incident_notices')
      .where({ status: 'pending' })
      .where('next_attempt_at', '<=', now)
      .orderBy('next_attempt_at')
      .limit(limit)
      .forUpdate()
      .skipLocked(),
  markRelayed: (db: Db, key: string, at: Date) => db('incident_notices').where({ key }).update({ status: 'relayed', relayed_at: at }),
  markFailed: (db: Db, key: string, error: string, nextAttemptAt: Date) =>
    db('incident_notices')
      .where({ key })
      .update({ attempts: db.raw('attempts + 1'), last_error: error.slice(0, 1000), next_attempt_at: nextAttemptAt }),
  forIncident: (db: Db, incidentId: string) => db<IncidentNoticeRow>('incident_notices').where({ incident_id: incidentId }).orderBy('created_at'),
};
