/**
 * What the scorecard mails say, Chinese first and English second, plain text (pure). The
 * scorecard itself travels as its PDF (the agent's) or the month grid as CSV (the supervisors').
 */
import type { Month } from '@seatlease/shared';
import { appealWindow } from '../rules/appeal-window';
import { formatTenths } from '../rules/points';
import type { ScorecardRow } from '../scorecards/scorecard.repository';

export type AssessmentMailKind = 'scorecard_published' | 'scorecard_corrected' | 'month_published';

export interface QueuedAssessmentMail {
  kind: AssessmentMailKind;
  recipients: string[];
  subject: string;
  bodyText: string;
  scorecardId: string | null;
  publicationId: string | null;
}

const SIGNATURE = '\n\n— SeatLease 考核 / SeatLease Assessment';
const PART_TITLES: Record<string, string> = { internal: '内部管理 / internal management', discipline: '作风纪律 / work discipline', business: '业务工作 / business work' };

function partsText(s: ScorecardRow): string {
  return s.parts.map((p) => `  ${PART_TITLES[p.part] ?? p.part}: ${formatTenths(p.scoreTenths)} / ${formatTenths(p.maxTenths)}`).join('\n');
}

/** To the agent, when a month is published (一(三) 每月统计公布). */
export function scorecardPublishedMail(agent: { name: string; email: string }, s: ScorecardRow): QueuedAssessmentMail {
  const w = appealWindow(s.issued_on);
  return {
    kind: 'scorecard_published',
    recipients: [agent.email],
    scorecardId: s.id,
    publicationId: null,
    subject: `${s.month} 月度考核结果：${formatTenths(s.total_tenths)} 分 / Scorecard for ${s.month}: ${formatTenths(s.total_tenths)} points`,
    bodyText:
      `${agent.name}：\n\n` +
      `您 ${s.month} 的月度考核结果已公布，总分 ${formatTenths(s.total_tenths)} 分：\n${partsText(s)}\n\n` +
      `考核表 PDF 见附件，每一项均注明考核细则条款。如有异议，请于 ${w.opensOn} 至 ${w.closesOn} 期间提出申诉（一(七)：公布后 2 天内）。\n\n` +
      `Your scorecard for ${s.month} is published: ${formatTenths(s.total_tenths)} points. The PDF is attached, every line with its clause. ` +
      `An appeal may be lodged from ${w.opensOn} to ${w.closesOn} (within 2 days of publication).` +
      SIGNATURE,
  };
}

/** To the agent, when an upheld appeal issues a corrected version. */
export function scorecardCorrectedMail(agent: { name: string; email: string }, s: ScorecardRow): QueuedAssessmentMail {
  return {
    kind: 'scorecard_corrected',
    recipients: [agent.email],
    scorecardId: s.id,
    publicationId: null,
    subject: `${s.month} 考核结果更正（第 ${s.version} 版）：${formatTenths(s.total_tenths)} 分 / Corrected scorecard for ${s.month} (version ${s.version}): ${formatTenths(s.total_tenths)} points`,
    bodyText:
      `${agent.name}：\n\n` +
      `您的申诉已被采纳，${s.month} 的考核结果更正为第 ${s.version} 版，总分 ${formatTenths(s.total_tenths)} 分：\n${partsText(s)}\n\n` +
      `更正理由：${s.reason ?? ''}\n更正后的考核表 PDF 见附件；原版本保留不变。\n\n` +
      `Your appeal was upheld: the scorecard for ${s.month} is corrected as version ${s.version}, ${formatTenths(s.total_tenths)} points. ` +
      `Reason: ${s.reason ?? ''}. The corrected PDF is attached; the earlier version stays as published.` +
      SIGNATURE,
  };
}

/** To the tenant's supervisors: the month published, every agent's total, the grid as CSV. */
export function monthPublishedMail(
  recipients: string[],
  p: { id: string; month: Month; publishedOn: string },
  totals: ReadonlyArray<{ agentName: string; totalTenths: number }>,
): QueuedAssessmentMail {
  const lines = totals.map((t) => `  ${t.agentName}: ${formatTenths(t.totalTenths)}`).join('\n');
  const w = appealWindow(p.publishedOn);
  return {
    kind: 'month_published',
    recipients,
    scorecardId: null,
    publicationId: p.id,
    subject: `${p.month} 月度考核已公布（${totals.length} 人）/ Scorecards for ${p.month} published (${totals.length} agents)`,
    bodyText:
      `${p.month} 的月度考核已于 ${p.publishedOn} 公布，共 ${totals.length} 人：\n${lines}\n\n` +
      `考核明细表（坐席员 × 考核项目）CSV 见附件。申诉期至 ${w.closesOn}，申诉应在 2 天内答复（一(七)）。\n\n` +
      `The scorecards for ${p.month} were published on ${p.publishedOn} (${totals.length} agents). The month grid (agents × items) is attached as CSV. ` +
      `Appeals may be lodged until ${w.closesOn} and are answered within 2 days.` +
      SIGNATURE,
  };
}
