import type { EventRow } from './event.repository';

export function eventView(e: EventRow) {
  return {
    id: e.id,
    tenantId: e.tenant_id,
    agentId: e.agent_id,
    itemCode: e.item_code,
    occurredOn: e.occurred_on,
    count: e.count,
    selfReported: e.self_reported,
    note: e.note,
    appealId: e.appeal_id,
    createdAt: e.created_at.toISOString(),
    voidedAt: e.voided_at ? e.voided_at.toISOString() : null,
    voidReason: e.void_reason,
  };
}
