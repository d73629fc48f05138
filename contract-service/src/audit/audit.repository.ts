import type { Knex } from 'knex';
import { keysetPage, pageOf, toShanghaiInstant, type Actor, type PageRequest, type SortKey } from '@seatlease/shared';

export interface AuditEntry {
  action: string;
  entity: string;
  entityId: string;
  contractId?: string | null;
  reason?: string | null;
  data: unknown;
}

/** Appends to the audit log inside the caller's transaction: the change and its record commit together. */
export async function appendAudit(trx: Knex | Knex.Transaction, actor: Actor, atMs: number, entry: AuditEntry): Promise<void> {
  await trx('audit_log').insert({
    at: new Date(atMs),
    actor_key_id: actor.keyId,
    actor_role: actor.role,
    action: entry.action,
    entity: entry.entity,
    entity_id: entry.entityId,
    contract_id: entry.contractId ?? null,
    reason: entry.reason ?? null,
    data: JSON.stringify(entry.data ?? {}),
  });
}

const AUDIT_ORDER: readonly SortKey[] = [{ column: 'id', type: 'bigint' }];

export interface AuditFilter {
  contractId?: string | undefined;
  entity?: string | undefined;
  entityId?: string | undefined;
  action?: string | undefined;
}

/** A page of the audit log (newest first by default), filtered in SQL. */
export async function auditPage(knex: Knex, filter: AuditFilter, page: PageRequest) {
  const b = knex('audit_log').select('*');
  if (filter.contractId) b.where({ contract_id: filter.contractId });
  if (filter.entity) b.where({ entity: filter.entity });
  if (filter.entityId) b.where({ entity_id: filter.entityId });
  if (filter.action) b.where({ action: filter.action });
  return pageOf(await keysetPage<Record<string, unknown>>(knex, b, AUDIT_ORDER, page), auditViews);
}

function auditViews(rows: Array<Record<string, unknown>>) {
  return rows.map((r) => ({
    id: Number(r.id),
    at: toShanghaiInstant(r.at as Date),
    actor: { keyId: r.actor_key_id, role: r.actor_role },
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    reason: r.reason,
    data: r.data,
  }));
}
