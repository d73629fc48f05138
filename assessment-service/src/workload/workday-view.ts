import type { WorkdayRowDb } from './workday.repository';

export function workdayView(w: WorkdayRowDb) {
  return {
    id: w.id,
    tenantId: w.tenant_id,
    agentId: w.agent_id,
    role: w.role,
    workDate: w.work_date,
    handled: w.handled,
    source: w.source,
    createdAt: w.created_at.toISOString(),
    voidedAt: w.voided_at ? w.voided_at.toISOString() : null,
    voidReason: w.void_reason,
  };
}
