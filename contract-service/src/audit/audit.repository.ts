import type { Knex } from 'knex';
import type { Actor } from '@seatlease/shared';

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

export async function listAudit(knex: Knex, contractId: string, limit: number) {
  const rows = await knex('audit_log').where({ contract_id: contractId }).orderBy('id', 'asc').limit(limit);
  return rows.map((r) => ({
    id: Number(r.id),
    at: (r.at as Date).toISOString(),
    actor: { keyId: r.actor_key_id, role: r.actor_role },
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    reason: r.reason,
    data: r.data,
  }));
}
