import type { AgentRow } from './agent.repository';

export function agentView(a: AgentRow) {
  return { id: a.id, tenantId: a.tenant_id, name: a.name, employeeNo: a.employee_no, email: a.email, seatAccount: a.seat_account, roles: a.roles, joinedOn: a.joined_on, createdAt: a.created_at.toISOString() };
}
