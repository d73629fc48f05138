import { isAnsweredLate } from '../rules/appeal-window';
import type { AppealRow } from './appeal.repository';

export function appealView(a: AppealRow) {
  return {
    id: a.id,
    tenantId: a.tenant_id,
    agentId: a.agent_id,
    scorecardId: a.scorecard_id,
    reason: a.reason,
    lodgedOn: a.lodged_on,
    lodgedAt: a.lodged_at.toISOString(),
    answerDueOn: a.answer_due_on,
    status: a.status,
    decisionReason: a.decision_reason,
    decidedOn: a.decided_on,
    decidedAt: a.decided_at ? a.decided_at.toISOString() : null,
    answeredLate: a.decided_on ? isAnsweredLate(a.lodged_on, a.decided_on) : null,
    correctedScorecardId: a.corrected_scorecard_id,
  };
}
