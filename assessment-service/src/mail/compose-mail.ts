/**
 * How an outbox row becomes a mail (the shared sender's `compose`): its recipients, and the
 * document it promises rendered at send time from what is stored — the scorecard's PDF for an
 * agent, the publication's month grid as CSV for the supervisors. A mail that promises a
 * document is never sent without it: the row is kept and retried.
 */
import type { Knex } from 'knex';
import type { ComposeMail } from '@seatlease/shared/src/mail/outbox-sender';
import type { MailAttachment } from '@seatlease/shared/src/mail/transport';
import { agents } from '../agents/agent.repository';
import { renderScorecardPdf } from '../documents/scorecard-pdf';
import { monthGridCsv } from '../scorecards/month-grid';
import { publications, scorecards } from '../scorecards/scorecard.repository';
import type { AssessmentOutboxRow } from './outbox.repository';

export function composeAssessmentMail(knex: Knex): ComposeMail<AssessmentOutboxRow> {
  return async (row) => {
    const to = (Array.isArray(row.recipients) ? row.recipients : []).filter((r) => r.trim() !== '');
    const attachments: MailAttachment[] = [];
    if (row.scorecard_id) {
      const s = await scorecards.get(knex, row.scorecard_id);
      const agent = s && (await agents.get(knex, s.agent_id));
      if (!s || !agent) throw new Error(`no scorecard ${row.scorecard_id} to attach`);
      const pdf = await renderScorecardPdf({ scorecard: s, agent: { name: agent.name, employeeNo: agent.employee_no, roles: agent.roles } });
      attachments.push({ filename: `scorecard-${s.month}-v${s.version}.pdf`, content: pdf, contentType: 'application/pdf' });
    }
    if (row.publication_id) {
      const p = await publications.get(knex, row.publication_id);
      if (!p) throw new Error(`no publication ${row.publication_id} to attach`);
      const csv = await monthGridCsv(knex, p.tenant_id, await scorecards.ofPublication(knex, p.id));
      // A byte-order mark, so that spreadsheet programs read the Chinese names as UTF-8.
      attachments.push({ filename: `scorecards-${p.month}.csv`, content: Buffer.from(`\ufeff${csv}`, 'utf8'), contentType: 'text/csv; charset=utf-8' });
    }
    return { to, attachments };
  };
}
