/**
 * What each notice says, Chinese first and English second (SPEC §9). Plain text: every mail
 * client shows it, and finance teams paste it into tickets.
 */
import { formatYuan, toShanghaiIso, type Fen, type IsoDate } from '@seatlease/shared';
import { toChineseCapitalAmount } from '@seatlease/shared/src/chinese-amount';
import type { QueuedMail } from './outbox.repository';

interface InvoiceFacts {
  id: string;
  number: string;
  tenantName: string;
  period: string;
  kind: string;
  totalFen: Fen;
  dueDate: IsoDate;
}

const SIGNATURE = '\n\n— SeatLease 账务 / SeatLease Billing';

export function invoiceIssuedMail(inv: InvoiceFacts, recipients: string[]): QueuedMail & { subject: string; bodyText: string } {
  return {
    kind: 'invoice_issued',
    recipients,
    invoiceId: inv.id,
    subject: `账单 ${inv.number}（${inv.period}）/ Bill ${inv.number} for ${inv.period}`,
    bodyText:
      `${inv.tenantName}：\n\n` +
      `您的坐席租赁账单（付款通知书）${inv.number} 已出具，金额 ${formatYuan(inv.totalFen)}（${toChineseCapitalAmount(inv.totalFen)}），` +
      `请于 ${inv.dueDate} 前付款。账单 PDF 见附件，每一行均注明合同条款与计算公式。本账单不是发票，增值税发票另行开具。\n\n` +
      `Bill (payment notice) ${inv.number} for your seat lease is attached: ${formatYuan(inv.totalFen)}, due ${inv.dueDate}. ` +
      `Every line names its contract clause and formula. This bill is not a fapiao; the VAT fapiao is issued separately.` +
      SIGNATURE,
  };
}

export function dunningMail(
  kind: 'payment_reminder' | 'payment_overdue' | 'suspension_warning' | 'suspended',
  inv: InvoiceFacts & { amountDueFen: Fen; suspensionDate: IsoDate },
  recipients: string[],
): QueuedMail {
  const due = formatYuan(inv.amountDueFen);
  const text: Record<typeof kind, [string, string, string]> = {
    payment_reminder: [
      `付款提醒：账单 ${inv.number} 将于 ${inv.dueDate} 到期 / Payment reminder: bill ${inv.number} is due ${inv.dueDate}`,
      `账单 ${inv.number} 应付金额 ${due}，将于 ${inv.dueDate} 到期，请按时付款。`,
      `Invoice ${inv.number} has ${due} due on ${inv.dueDate}.`,
    ],
    payment_overdue: [
      `逾期通知：账单 ${inv.number} 已逾期 / Overdue: bill ${inv.number}`,
      `账单 ${inv.number} 应付金额 ${due} 已于 ${inv.dueDate} 到期，尚未付清。逾期超过 15 日，甲方有权暂停服务（第二章甲方第二条）。`,
      `Invoice ${inv.number} (${due}) was due on ${inv.dueDate} and is unpaid. After 15 days overdue, service may be suspended (§2.A2).`,
    ],
    suspension_warning: [
      `暂停服务预警：账单 ${inv.number} / Suspension warning: bill ${inv.number}`,
      `账单 ${inv.number} 应付金额 ${due} 仍未付清。若 ${inv.suspensionDate} 前仍未付款，坐席服务将被暂停（第二章甲方第二条）。`,
      `Invoice ${inv.number} (${due}) is still unpaid. Unless paid before ${inv.suspensionDate}, seat service will be suspended (§2.A2).`,
    ],
    suspended: [
      `服务已暂停：账单 ${inv.number} 逾期超过 15 日 / Service suspended: bill ${inv.number} over 15 days overdue`,
      `因账单 ${inv.number} 应付金额 ${due} 逾期超过 15 日，坐席服务自今日起暂停，租金照常计收。付清全部逾期款项后自动恢复。`,
      `Invoice ${inv.number} (${due}) is more than 15 days overdue, so seat service is suspended from today; rent keeps accruing. Paying everything overdue lifts the suspension.`,
    ],
  };
  const [subject, zh, en] = text[kind];
  return { kind, recipients, invoiceId: null, subject, bodyText: `${inv.tenantName}：\n\n${zh}\n\n${en}${SIGNATURE}` };
}

export function paymentReceivedMail(p: { tenantName: string; amountFen: Fen; reference: string; receivedOn: IsoDate; allocated: Array<{ number: string; amountFen: Fen }>; creditFen: Fen }, recipients: string[]): QueuedMail {
  const lines = p.allocated.map((a) => `  ${a.number}: ${formatYuan(a.amountFen)}`).join('\n');
  return {
    kind: 'payment_received',
    recipients,
    subject: `收款确认 ${formatYuan(p.amountFen)} / Payment received ${formatYuan(p.amountFen)}`,
    bodyText:
      `${p.tenantName}：\n\n已于 ${p.receivedOn} 收到您的付款 ${formatYuan(p.amountFen)}（参考号 ${p.reference}），已核销：\n${lines || '  —'}\n` +
      (p.creditFen > 0 ? `余额 ${formatYuan(p.creditFen)} 记入贵司账户余额，自动抵扣后续账单。\n` : '') +
      `\nWe received ${formatYuan(p.amountFen)} on ${p.receivedOn} (ref ${p.reference}), applied as listed above` +
      (p.creditFen > 0 ? `; ${formatYuan(p.creditFen)} is kept as credit for your next invoices.` : '.') +
      SIGNATURE,
  };
}

export function renewalNoticeMail(c: { tenantName: string; contractId: string; endDate: IsoDate; daysBefore: number }, recipients: string[]): QueuedMail {
  return {
    kind: 'renewal_notice',
    recipients,
    subject: `续签提醒：合同将于 ${c.endDate} 到期 / Renewal notice: your lease ends ${c.endDate}`,
    bodyText:
      `${c.tenantName}：\n\n您的坐席租赁合同（${c.contractId}）将于 ${c.endDate} 到期（还有 ${c.daysBefore} 天）。` +
      `根据协议第二章甲方第八条，续签应提前一个月办理，请与我们联系。\n\n` +
      `Your seat lease ${c.contractId} ends on ${c.endDate} (${c.daysBefore} days from now). ` +
      `Under §2.A8 a renewal must be agreed one month before the end; please contact us.` +
      SIGNATURE,
  };
}

export function staffAlertMail(subject: string, body: string, recipient: string): QueuedMail {
  return { kind: 'staff_alert', recipients: [recipient], subject, bodyText: body + SIGNATURE };
}

export function creditNoteMail(cn: { id: string; number: string; invoiceNumber: string; amountFen: Fen; reason: string; tenantName: string }, recipients: string[]): QueuedMail {
  return {
    kind: 'credit_note_issued',
    recipients,
    creditNoteId: cn.id,
    subject: `账单冲减通知 ${cn.number}（冲减 ${cn.invoiceNumber}）/ Credit note ${cn.number} against ${cn.invoiceNumber}`,
    bodyText:
      `${cn.tenantName}：\n\n已出具账单冲减通知 ${cn.number}，冲减账单 ${cn.invoiceNumber} 金额 ${formatYuan(cn.amountFen)}。原因：${cn.reason}\n\n` +
      `Credit note ${cn.number} reduces bill ${cn.invoiceNumber} by ${formatYuan(cn.amountFen)}. Reason: ${cn.reason}` +
      SIGNATURE,
  };
}

export interface IncidentNoticeFacts {
  tenantName: string;
  incident: {
    id: string;
    startedAt: string;
    endedAt: string | null;
    cause: 'provider' | 'tenant' | 'maintenance';
    description: string;
    contracts: Array<{ contractId: string; seatsAffected: number }>;
  };
}

const CAUSE_ZH = { provider: '甲方原因', tenant: '乙方原因', maintenance: '维护' } as const;

function incidentLines(f: IncidentNoticeFacts): string {
  return f.incident.contracts.map((c) => `  合同 contract ${c.contractId}: ${c.seatsAffected} 席 seats`).join('\n');
}

/** 第六条: a large fault raises a major-fault warning that tells users (大故障预警告知用户). */
export function majorFaultWarningMail(f: IncidentNoticeFacts, recipients: string[]): QueuedMail {
  const since = toShanghaiIso(Date.parse(f.incident.startedAt));
  return {
    kind: 'major_fault_warning',
    recipients,
    subject: `大故障预警：坐席服务中断 / Major fault warning: seat service interrupted`,
    bodyText:
      `${f.tenantName}：\n\n自 ${since} 起发生大面积故障（${CAUSE_ZH[f.incident.cause]}），以下坐席受到影响：\n${incidentLines(f)}\n\n` +
      `情况说明：${f.incident.description}\n我们正在抢修，恢复后将另行通知。因甲方原因的故障，恢复后按协议第八章甲方违约责任第一条计算减免，列入下期账单。\n\n` +
      `A major fault has interrupted your seats since ${since} (${f.incident.cause}); affected seats are listed above. ` +
      `${f.incident.description}. We are repairing it and will write again when service is restored; ` +
      `a fault on our side is credited on your next bill under §8.A1.\n\n事故编号 Incident ${f.incident.id}` +
      SIGNATURE,
  };
}

export function serviceRestoredMail(f: IncidentNoticeFacts, recipients: string[]): QueuedMail {
  const since = toShanghaiIso(Date.parse(f.incident.startedAt));
  const until = f.incident.endedAt ? toShanghaiIso(Date.parse(f.incident.endedAt)) : '—';
  return {
    kind: 'service_restored',
    recipients,
    subject: `服务已恢复 / Service restored`,
    bodyText:
      `${f.tenantName}：\n\n${since} 起的故障已于 ${until} 恢复，受影响坐席：\n${incidentLines(f)}\n\n` +
      (f.incident.cause === 'provider' ? `故障期间的坐席费按协议第八章甲方违约责任第一条减免，列入下期账单。\n\n` : '\n') +
      `The fault that began ${since} was restored at ${until}.` +
      (f.incident.cause === 'provider' ? ` The outage is credited on your next bill under §8.A1.` : '') +
      `\n\n事故编号 Incident ${f.incident.id}` +
      SIGNATURE,
  };
}

/** 第十三条: each month's traffic, per seat, to the tenant's billing contacts (the PDF attached). */
export function trafficReportMail(
  r: { tenantName: string; contractId: string; period: string; totals: { calls: number; billedMinutes: number; seatOpenHours: number }; seats: Array<{ seat: string; calls: number; billedMinutes: number; seatOpenHours: number }> },
  recipients: string[],
): QueuedMail {
  const shown = r.seats.slice(0, 30);
  const lines = shown.map((s) => `  ${s.seat}: ${s.calls} 通 calls, ${s.billedMinutes} 计费分钟 billed min, ${s.seatOpenHours.toFixed(2)} 开席小时 open h`).join('\n');
  const more = r.seats.length > shown.length ? `\n  … 另 ${r.seats.length - shown.length} 个坐席见附件 / ${r.seats.length - shown.length} more seats in the attachment` : '';
  return {
    kind: 'traffic_report',
    recipients,
    subject: `话务量报表 ${r.period} / Traffic report for ${r.period}`,
    bodyText:
      `${r.tenantName}：\n\n合同 ${r.contractId} ${r.period} 话务量：共 ${r.totals.calls} 通，计费 ${r.totals.billedMinutes} 分钟，坐席开席 ${r.totals.seatOpenHours.toFixed(2)} 小时。各坐席明细：\n${lines || '  —'}${more}\n\n` +
      `Traffic of lease ${r.contractId} in ${r.period}: ${r.totals.calls} calls, ${r.totals.billedMinutes} billed minutes, seats open ${r.totals.seatOpenHours.toFixed(2)} hours. ` +
      `The attached PDF has every seat by call type and its busiest hour.` +
      SIGNATURE,
  };
}
