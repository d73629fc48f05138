/**
 * The traffic report as a PDF in the bill's style: the same A4 page, Noto Sans SC, navy title
 * with the double rule, grey label cells, a zebra table whose header repeats on each page, and
 * 「第 n 页 / 共 N 页」 footers. Pure: the report in, bytes out; deterministic (the creation date
 * is the report's generation instant).
 */
import PDFDocument from 'pdfkit';
import { defaultDocumentFont, registerDocumentFonts } from '@seatlease/shared/src/documents/fonts';
import { DOCUMENT_STYLE as S } from '../documents/invoice-pdf';
import type { SeatTraffic, TrafficReport } from './traffic-report';

const NUM = new Intl.NumberFormat('en-US');

function duration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

const COLUMNS: Array<{ zh: string; en: string; width: number; value: (s: Omit<SeatTraffic, 'seat'> & { seat: string }) => string }> = [
  { zh: '坐席', en: 'Seat', width: 70, value: (s) => s.seat },
  { zh: '通话', en: 'Calls', width: 50, value: (s) => NUM.format(s.calls) },
  { zh: '计费分钟', en: 'Billed min', width: 58, value: (s) => NUM.format(s.billedMinutes) },
  { zh: '通话时长', en: 'Talk time', width: 62, value: (s) => duration(s.seconds) },
  { zh: '市话', en: 'Local', width: 46, value: (s) => NUM.format(s.byCallType.local?.calls ?? 0) },
  { zh: '国内长途', en: 'Domestic', width: 50, value: (s) => NUM.format(s.byCallType.domestic?.calls ?? 0) },
  { zh: '移动', en: 'Mobile', width: 46, value: (s) => NUM.format(s.byCallType.mobile?.calls ?? 0) },
  { zh: '最忙时段', en: 'Busiest hour', width: 70, value: (s) => (s.busiestHour ? `${String(s.busiestHour.hour).padStart(2, '0')}:00 (${NUM.format(s.busiestHour.calls)})` : '—') },
  { zh: '开席小时', en: 'Open hours', width: 0, value: (s) => s.seatOpenHours.toFixed(2) },
];
COLUMNS[COLUMNS.length - 1]!.width = S.CONTENT_W - COLUMNS.slice(0, -1).reduce((w, c) => w + c.width, 0);

const ROW_H = 16;
const HEADER_H = 24;

export async function renderTrafficReportPdf(report: TrafficReport, issuer: string): Promise<Buffer> {
  const generated = new Date(report.generatedAt);
  const pdf = new PDFDocument({
    size: 'A4',
    font: defaultDocumentFont(),
    margins: { top: S.MARGIN_TOP, bottom: S.PAGE_H - S.CONTENT_BOTTOM, left: S.MARGIN_X, right: S.MARGIN_X },
    bufferPages: true,
    lang: 'zh-CN',
    displayTitle: true,
    info: { Title: `话务量报表 Traffic report ${report.period}`, Author: issuer, Subject: `${report.contractId} ${report.period}`, Creator: 'SeatLease', Producer: 'SeatLease', CreationDate: generated, ModDate: generated },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (c: Buffer) => chunks.push(c));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  registerDocumentFonts(pdf, { regular: S.REGULAR, bold: S.BOLD });
  const text = (t: string, x: number, y: number, width: number, o: { bold?: boolean; size: number; color?: string; align?: 'left' | 'right' | 'center' }) => {
    pdf.font(o.bold ? S.BOLD : S.REGULAR).fontSize(o.size).fillColor(o.color ?? S.INK).text(t, x, y, { width, align: o.align ?? 'left', lineBreak: false, ellipsis: true, height: o.size * 1.6 });
  };
  const hline = (y: number, color: string, width = 0.6) => pdf.save().moveTo(S.MARGIN_X, y).lineTo(S.MARGIN_X + S.CONTENT_W, y).lineWidth(width).strokeColor(color).stroke().restore();

  // Title, as on the bill.
  let y = S.MARGIN_TOP;
  text('话务量报表', S.MARGIN_X, y - 3, S.CONTENT_W, { bold: true, size: 20, color: S.NAVY, align: 'center' });
  text('TRAFFIC REPORT', S.MARGIN_X, y + 24, S.CONTENT_W, { size: 9, color: S.NAVY, align: 'center' });
  pdf.save().moveTo(S.PAGE_W / 2 - 70, y + 40).lineTo(S.PAGE_W / 2 + 70, y + 40).lineWidth(1.2).strokeColor(S.NAVY).stroke().restore();
  pdf.save().moveTo(S.PAGE_W / 2 - 70, y + 42.6).lineTo(S.PAGE_W / 2 + 70, y + 42.6).lineWidth(0.6).strokeColor(S.NAVY).stroke().restore();
  text(issuer, S.MARGIN_X, y + 4, 180, { bold: true, size: 9 });
  text(report.period, S.PAGE_W - S.MARGIN_X - 180, y + 4, 180, { bold: true, size: 10, color: S.NAVY, align: 'right' });
  y += 54;

  // Info grid: label cells in grey, values bold.
  const pairs: Array<[string, string]> = [
    ['租户  Tenant', report.tenantName],
    ['合同编号  Contract', report.contractId],
    ['统计月份  Month', `${report.period}（第十三条 每月初统计话务量）`],
    ['生成时间  Generated', report.generatedAt],
  ];
  hline(y, S.RULE);
  const colW = S.CONTENT_W / 2;
  for (let i = 0; i < pairs.length; i += 2) {
    for (let c = 0; c < 2; c++) {
      const p = pairs[i + c];
      if (!p) continue;
      const x = S.MARGIN_X + c * colW;
      pdf.save().rect(x, y, 96, 18).fill(S.FILL).restore();
      text(p[0], x + 6, y + 5, 88, { size: 7.5, color: S.MUTED });
      text(p[1], x + 100, y + 4, colW - 104, { bold: true, size: 8.5 });
    }
    y += 18;
    hline(y, i + 2 >= pairs.length ? S.RULE : S.HAIRLINE);
  }
  y += 12;

  const header = () => {
    pdf.save().rect(S.MARGIN_X, y, S.CONTENT_W, HEADER_H).fill(S.FILL).restore();
    let x = S.MARGIN_X;
    for (const col of COLUMNS) {
      text(col.zh, x + 4, y + 3, col.width - 8, { bold: true, size: 7.5, align: col === COLUMNS[0] ? 'left' : 'right' });
      text(col.en, x + 4, y + 13, col.width - 8, { size: 6, color: S.MUTED, align: col === COLUMNS[0] ? 'left' : 'right' });
      x += col.width;
    }
    y += HEADER_H;
    hline(y, S.RULE);
  };
  const row = (r: Omit<SeatTraffic, 'seat'> & { seat: string }, i: number, total: boolean) => {
    if (y + ROW_H > S.CONTENT_BOTTOM) {
      pdf.addPage();
      y = S.MARGIN_TOP;
      text(`话务量报表 Traffic report ${report.period} · ${report.contractId}（续 continued）`, S.MARGIN_X, y, S.CONTENT_W, { size: 7, color: S.MUTED });
      y += 16;
      header();
    }
    if (total) pdf.save().rect(S.MARGIN_X, y, S.CONTENT_W, ROW_H).fill(S.FILL).restore();
    else if (i % 2 === 1) pdf.save().rect(S.MARGIN_X, y, S.CONTENT_W, ROW_H).fill(S.ZEBRA).restore();
    let x = S.MARGIN_X;
    for (const col of COLUMNS) {
      text(col.value(r), x + 4, y + 4, col.width - 8, { bold: total, size: 7.5, align: col === COLUMNS[0] ? 'left' : 'right' });
      x += col.width;
    }
    y += ROW_H;
    hline(y, total ? S.RULE : S.HAIRLINE, 0.5);
  };
  header();
  report.seats.forEach((s, i) => row(s, i, false));
  row({ ...report.totals, seat: '合计 Total' }, 0, true);
  y += 10;
  if (y + 30 > S.CONTENT_BOTTOM) {
    pdf.addPage();
    y = S.MARGIN_TOP;
  }
  text('通话与计费分钟取自导入的话单（不足一分钟按一分钟计）；开席小时取自坐席值班记录；时段为北京时间。', S.MARGIN_X, y, S.CONTENT_W, { size: 7, color: S.MUTED });
  text('Calls and billed minutes are from the imported call records (a started minute counts whole); open hours from the seat shift log; hours are Beijing time.', S.MARGIN_X, y + 11, S.CONTENT_W, { size: 6.5, color: S.MUTED });

  const range = pdf.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    pdf.switchToPage(range.start + i);
    const margins = pdf.page.margins;
    const bottom = margins.bottom;
    margins.bottom = 0;
    hline(S.FOOTER_Y - 6, S.HAIRLINE, 0.5);
    text(`TR-${report.period}`, S.MARGIN_X, S.FOOTER_Y, 160, { size: 7, color: S.MUTED });
    text(`第 ${i + 1} 页 / 共 ${range.count} 页`, S.MARGIN_X + 160, S.FOOTER_Y, S.CONTENT_W - 320, { size: 7, color: S.MUTED, align: 'center' });
    text(issuer, S.MARGIN_X + S.CONTENT_W - 160, S.FOOTER_Y, 160, { size: 7, color: S.MUTED, align: 'right' });
    margins.bottom = bottom;
  }
  pdf.end();
  return done;
}
