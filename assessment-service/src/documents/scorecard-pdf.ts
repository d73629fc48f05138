/**
 * A published scorecard as a PDF (pdfkit, Noto Sans SC from shared/src/documents/fonts.ts): the
 * agent, the month and version, each part with its points, deductions, bonuses and score, every
 * line with its clause, count, points per unit and points, the total, the appeal window, and —
 * for a corrected version — the version it supersedes and the reason. Pure: data in, bytes out.
 */
import PDFDocument from 'pdfkit';
import { defaultDocumentFont, registerDocumentFonts } from '@seatlease/shared/src/documents/fonts';
import { ROLE_TITLES, type AgentRole } from '../rules/catalogue';
import { appealWindow } from '../rules/appeal-window';
import { formatTenths } from '../rules/points';
import type { ScorecardRow } from '../scorecards/scorecard.repository';

export interface ScorecardDocument {
  scorecard: ScorecardRow;
  agent: { name: string; employeeNo: string | null; roles: AgentRole[] };
}

const COLUMNS = [
  { title: '条款', width: 55 },
  { title: '考核项目', width: 265 },
  { title: '次数', width: 45 },
  { title: '每次', width: 55 },
  { title: '得分', width: 55 },
] as const;

export function renderScorecardPdf(doc: ScorecardDocument): Promise<Buffer> {
  const s = doc.scorecard;
  const pdf = new PDFDocument({ size: 'A4', margin: 40, font: defaultDocumentFont(), info: { Title: `坐席员月度考核表 ${s.month}`, Author: 'SeatLease' } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  registerDocumentFonts(pdf, { regular: 'regular', bold: 'bold' });
  const left = pdf.page.margins.left;

  pdf.font('bold').fontSize(18).text(`坐席员月度考核表  ${s.month}`, { align: 'center' });
  pdf.moveDown(0.5);
  pdf.font('regular').fontSize(10);
  pdf.text(`姓名:${doc.agent.name}${doc.agent.employeeNo ? `(${doc.agent.employeeNo})` : ''}    岗位:${doc.agent.roles.map((r) => ROLE_TITLES[r]).join('、')}`);
  pdf.text(`版本:第 ${s.version} 版    考核细则版本:${s.catalogue_version}    公布日期:${s.issued_on}`);
  const w = appealWindow(s.issued_on);
  pdf.text(`申诉期限:${w.opensOn} 至 ${w.closesOn}(考核结果公布2天内,一(七))`);
  if (s.reason) pdf.text(`更正原因:${s.reason}(更正第 ${s.version - 1} 版)`);
  pdf.moveDown(0.5);

  pdf.font('bold').fontSize(11).text('分项得分(以每一项考核所占分值为限,扣完为止)');
  pdf.font('regular').fontSize(10);
  for (const p of s.parts) {
    pdf.text(`${p.clause} ${p.title}:满分 ${formatTenths(p.maxTenths)},扣分 ${formatTenths(p.deductionsTenths)},加分 ${formatTenths(p.bonusesTenths)},得分 ${formatTenths(p.scoreTenths)}${p.uncappedTenths !== p.scoreTenths ? '(已封顶/保底)' : ''}`);
  }
  pdf.moveDown(0.5);

  const row = (cells: string[], font: 'regular' | 'bold') => {
    pdf.font(font).fontSize(9);
    const y = pdf.y;
    let x = left;
    let height = 0;
    cells.forEach((text, i) => {
      const width = COLUMNS[i]!.width;
      height = Math.max(height, pdf.heightOfString(text, { width: width - 4 }));
      pdf.text(text, x + 2, y, { width: width - 4, align: i >= 2 ? 'right' : 'left' });
      x += width;
    });
    pdf.x = left;
    pdf.y = y + height + 4;
    if (pdf.y > pdf.page.height - pdf.page.margins.bottom - 40) pdf.addPage();
  };
  row(COLUMNS.map((c) => c.title), 'bold');
  for (const l of s.lines) {
    row([l.clause, `${l.title}${l.selfReported ? '(本人发现并纠错,减半)' : ''}`, String(l.count), formatTenths(l.unitTenths), formatTenths(l.pointsTenths)], 'regular');
  }
  if (s.lines.length === 0) row(['', '本月无加扣分', '', '', ''], 'regular');
  pdf.moveDown(0.5);
  pdf.font('bold').fontSize(14).text(`总分:${formatTenths(s.total_tenths)}`, left, pdf.y, { align: 'right' });
  pdf.end();
  return done;
}
